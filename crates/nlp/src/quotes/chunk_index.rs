//! The cues and sources of a document indexed by position, for [`super::assemble`]: the search
//! for a content's cue, a cue's source or a quotation's second half looks at the chunks near it,
//! not at all of them (issue 23: a paragraph of thousands of statements stays linear).

use super::assemble::{Chunk, Role, paragraph_of};
use super::features::Prepared;
use std::collections::{HashMap, HashSet};

/// How many cues on each side of a content, in its paragraph, are weighed as its cue. The
/// nearest cue is among the few nearest in text order; the bound keeps a paragraph of thousands
/// of statements linear.
pub(super) const CUE_WINDOW: usize = 16;

/// The cues and sources of a document indexed by position, built once for [`super::assemble::assemble`]: every
/// search for a content's cue, a cue's source or a quotation's second half looks at the chunks
/// near it, not at all of them.
pub(super) struct ChunkIndex {
    /// Cue chunks in text order.
    pub(super) cues: Vec<usize>,
    /// Cue chunks of each paragraph, in text order.
    pub(super) cues_by_paragraph: HashMap<usize, Vec<usize>>,
    /// Sentences holding a cue.
    pub(super) sentences_with_cue: HashSet<usize>,
    /// Source chunks in text order.
    sources: Vec<usize>,
    /// For each token, the first tokens of the sources ending right before it.
    pub(super) source_starts_by_end: HashMap<usize, Vec<usize>>,
}

impl ChunkIndex {
    pub(super) fn new(prep: &Prepared, chunks: &[Chunk]) -> ChunkIndex {
        let in_order = |role: Role| {
            let mut v: Vec<usize> = (0..chunks.len()).filter(|&i| chunks[i].role == role).collect();
            v.sort_by_key(|&i| (chunks[i].first, i));
            v
        };
        let cues = in_order(Role::Cue);
        let sources = in_order(Role::Source);
        let mut cues_by_paragraph: HashMap<usize, Vec<usize>> = HashMap::new();
        for &k in &cues {
            cues_by_paragraph.entry(paragraph_of(prep, chunks[k].first)).or_default().push(k);
        }
        let sentences_with_cue = cues.iter().map(|&k| prep.sentence_of[chunks[k].first] as usize).collect();
        let mut source_starts_by_end: HashMap<usize, Vec<usize>> = HashMap::new();
        for &s in &sources {
            source_starts_by_end.entry(chunks[s].last).or_default().push(chunks[s].first);
        }
        ChunkIndex { cues, cues_by_paragraph, sentences_with_cue, sources, source_starts_by_end }
    }

    /// The cues of paragraph `para` nearest to token `t`: up to [`CUE_WINDOW`] on each side.
    pub(super) fn cues_near(&self, chunks: &[Chunk], para: usize, t: usize) -> &[usize] {
        let Some(list) = self.cues_by_paragraph.get(&para) else { return &[] };
        let i = list.partition_point(|&k| chunks[k].first < t);
        &list[i.saturating_sub(CUE_WINDOW)..(i + CUE_WINDOW).min(list.len())]
    }

    /// The sources that can be within `reach` tokens of the cue: those starting in the cue's
    /// sentence, before `reach` tokens past its end.
    pub(super) fn sources_near(&self, prep: &Prepared, chunks: &[Chunk], cue: &Chunk, reach: usize) -> &[usize] {
        let (ss, _) = prep.sentence_bounds(cue.first);
        let lo = self.sources.partition_point(|&s| chunks[s].first < ss);
        let hi = self.sources.partition_point(|&s| chunks[s].first < cue.last + reach);
        &self.sources[lo..hi.max(lo)]
    }
}
