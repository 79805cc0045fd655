//! Linear-chain models over BIO tags, shared by the taggers (entities, attribution; the
//! part-of-speech tagger uses the weights, averaging and file format with greedy decoding): weights
//! keyed by feature hashes, constrained Viterbi decoding with max-marginal margins, averaged
//! perceptron updates, and the model file format.
//!
//! `N` is the number of tags: `O` plus `B-`/`I-` for each type (see [`bio`]).
//!
//! File format: zstd-compressed postcard of [`ModelFile`]: feature hashes, weights quantised to
//! i16 with one scale, transition scores, the type names, and a [`ModelCard`] recording the
//! command and data that produced it.

use bio::Tag;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already hashes; mix them once so that every bit of the bucket index is used.
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        let m = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = m ^ (m >> 29);
    }
}

/// A map from feature hash to row.
pub type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<MixHasher>>;

/// Where a model came from: enough to reproduce it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelCard {
    /// Model name and version (`ner.v1`).
    pub name: String,
    /// The command that trained it.
    pub command: String,
    /// Training data (file name and size).
    pub train_data: String,
    /// Development data.
    pub dev_data: String,
    /// Epochs of training.
    pub epochs: u32,
    /// The shuffling seed.
    pub seed: u64,
    /// Development F1 (percent) of the saved weights.
    pub dev_f1: f64,
    /// Number of features kept.
    pub n_features: u64,
}

/// The best path from Viterbi's forward scores and back pointers (the first best tag wins ties).
fn backtrack<const N: usize>(fwd: &[[f32; N]], back: &[[u8; N]]) -> Vec<Tag> {
    let n = fwd.len();
    let mut last = 0u8;
    let mut best = f32::NEG_INFINITY;
    for (tag, &score) in fwd[n - 1].iter().enumerate() {
        if score > best {
            best = score;
            last = tag as u8;
        }
    }
    let mut path = vec![0u8; n];
    path[n - 1] = last;
    for i in (1..n).rev() {
        path[i - 1] = back[i][path[i] as usize];
    }
    path
}

/// The serialised form.
#[derive(Serialize, Deserialize)]
pub struct ModelFile {
    /// Format version; readers refuse others.
    pub format: u32,
    /// The types, in tag order.
    pub types: Vec<String>,
    /// The table (postcard writes a nested struct's fields in place: the bytes of format 1 are
    /// those of the fields written out here).
    pub pass: PassFile,
    /// Provenance.
    pub card: ModelCard,
}

/// Current model file format (one weights table).
pub const FORMAT: u32 = 1;

/// The format of a stacked model: several passes, each a weights table over the same tags, the
/// later ones reading the earlier ones' tags among their features.
pub const STACKED_FORMAT: u32 = 2;

/// One weights table as a file stores it: the table of a [`ModelFile`], a pass of a
/// [`StackedFile`].
#[derive(Serialize, Deserialize)]
pub struct PassFile {
    /// Feature hashes.
    pub keys: Vec<u64>,
    /// Weight = `weights[i] as f32 * scale`, one per tag per feature.
    pub scale: f32,
    /// Quantised weights.
    pub weights: Vec<i16>,
    /// Transition scores: `(N + 1) × N`, the last row from the sentence start.
    pub transitions: Vec<f32>,
}

/// The serialised form of a stacked model.
#[derive(Serialize, Deserialize)]
pub struct StackedFile {
    /// [`STACKED_FORMAT`].
    pub format: u32,
    /// The types, in tag order.
    pub types: Vec<String>,
    /// The passes, first to last.
    pub passes: Vec<PassFile>,
    /// Provenance.
    pub card: ModelCard,
}

/// Serialises the passes of a stacked model with its card.
pub fn stacked_to_file_bytes<const N: usize>(passes: &[&Weights<N>], types: &[&str], card: ModelCard) -> Vec<u8> {
    let file = StackedFile {
        format: STACKED_FORMAT,
        types: types.iter().map(|s| s.to_string()).collect(),
        passes: passes.iter().map(|w| w.to_pass()).collect(),
        card,
    };
    let raw = postcard::to_stdvec(&file).expect("a model serialises");
    zstd::encode_all(&raw[..], 19).expect("zstd compresses in memory")
}

/// Loads the passes of a model file: a stacked file, or a one-table file as a single pass.
pub fn stacked_from_file_bytes<const N: usize>(bytes: &[u8]) -> Result<(Vec<Weights<N>>, ModelCard), ModelError> {
    let raw = zstd::decode_all(bytes)?;
    let (format, _) = postcard::take_from_bytes::<u32>(&raw)?;
    match format {
        FORMAT => {
            let (weights, card) = Weights::from_raw(&raw)?;
            Ok((vec![weights], card))
        }
        STACKED_FORMAT => {
            let file: StackedFile = postcard::from_bytes(&raw)?;
            let passes = file.passes.into_iter().map(Weights::from_pass).collect::<Result<Vec<_>, _>>()?;
            if passes.is_empty() {
                return Err(ModelError::Shape("a stacked model without passes".to_string()));
            }
            Ok((passes, file.card))
        }
        found => Err(ModelError::Format { found }),
    }
}

/// Errors loading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not zstd, or corrupt.
    #[error("model file is not a zstd stream: {0}")]
    Compression(#[from] std::io::Error),
    /// Not the expected structure.
    #[error("model file does not decode: {0}")]
    Decode(#[from] postcard::Error),
    /// A format this build cannot read.
    #[error(
        "model format {found} is not one this herald reads ({FORMAT} or {STACKED_FORMAT}); retrain with `herald train` or use a matching herald"
    )]
    Format {
        /// The format found.
        found: u32,
    },
    /// Inconsistent sizes.
    #[error("model file is inconsistent: {0}")]
    Shape(String),
}

/// A new process-unique weights id (never 0, which marks an empty cache).
pub fn next_weights_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The weights of a linear-chain model over `N` BIO tags.
#[derive(Clone)]
pub struct Weights<const N: usize> {
    /// A process-unique id: caches of scores computed with these weights carry it.
    pub id: u64,
    /// Feature hash → row.
    pub index: FeatureIndex,
    /// `N` weights per row.
    pub w: Vec<f32>,
    /// Transition scores `(N + 1) × N`; row `N` is the start.
    pub trans: Vec<f32>,
    /// For weights that no longer change (loaded from a file): each feature's row stored with its
    /// hash, so that scoring a feature reads one place in memory instead of two (the index, then
    /// the row), quantised as the file has it (`i16` × `frozen_scale`: a table half the size stays
    /// nearer the processor). Empty while training, which updates `w`.
    frozen: HashMap<u64, [i16; N], BuildHasherDefault<MixHasher>>,
    frozen_scale: f32,
}

impl<const N: usize> Default for Weights<N> {
    fn default() -> Self {
        Weights {
            id: next_weights_id(),
            index: FeatureIndex::default(),
            w: Vec::new(),
            trans: vec![0.0; (N + 1) * N],
            frozen: HashMap::default(),
            frozen_scale: 0.0,
        }
    }
}

impl<const N: usize> Weights<N> {
    /// Adds the weights of the given features to `scores`.
    #[inline]
    pub fn add_features(&self, feats: &[u64], scores: &mut [f32; N]) {
        if !self.frozen.is_empty() {
            // Integer sums: exact (the order of the features does not matter) and several times
            // faster than adding each weight as a float.
            let mut sum = [0i32; N];
            for f in feats {
                if let Some(w) = self.frozen.get(f) {
                    for (s, x) in sum.iter_mut().zip(w) {
                        *s += i32::from(*x);
                    }
                }
            }
            for (s, x) in scores.iter_mut().zip(sum) {
                *s += x as f32 * self.frozen_scale;
            }
            return;
        }
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let base = row as usize * N;
                let w = &self.w[base..base + N];
                for (s, x) in scores.iter_mut().zip(w) {
                    *s += x;
                }
            }
        }
    }

    /// The transition score from `prev` (`None` = start) to `next`.
    #[inline]
    pub fn transition(&self, prev: Option<Tag>, next: Tag) -> f32 {
        let row = prev.map_or(N, |p| p as usize);
        self.trans[row * N + next as usize]
    }

    /// Transition scores with the BIO constraints folded in as -inf; row `N` is the start.
    fn constrained_transitions(&self) -> Vec<[f32; N]> {
        let mut trans = vec![[f32::NEG_INFINITY; N]; N + 1];
        for (row, scores) in trans.iter_mut().enumerate() {
            let prev = (row < N).then_some(row as Tag);
            for (tag, score) in scores.iter_mut().enumerate() {
                if bio::allowed(prev, tag as Tag) {
                    *score = self.trans[row * N + tag];
                }
            }
        }
        trans
    }

    /// The forward pass of Viterbi under the given constrained transitions: best scores ending in
    /// each tag, and back pointers (`emissions` is not empty).
    fn forward(emissions: &[[f32; N]], trans: &[[f32; N]]) -> (Vec<[f32; N]>, Vec<[u8; N]>) {
        const NEG: f32 = f32::NEG_INFINITY;
        let n = emissions.len();
        let mut fwd = vec![[NEG; N]; n];
        let mut back = vec![[0u8; N]; n];
        for tag in 0..N {
            fwd[0][tag] = emissions[0][tag] + trans[N][tag];
        }
        // Both passes loop over the previous (next) tag outside and the current tag inside, so
        // that the inner loop is the same operation on N lanes (vectorised); the sums and the
        // ties (the smallest index wins) are those of the textbook order.
        for i in 1..n {
            let mut best = [NEG; N];
            let mut arg = [0u8; N];
            for prev in 0..N {
                let f = fwd[i - 1][prev];
                for tag in 0..N {
                    let s = f + trans[prev][tag];
                    if s > best[tag] {
                        best[tag] = s;
                        arg[tag] = prev as u8;
                    }
                }
            }
            for tag in 0..N {
                fwd[i][tag] = best[tag] + emissions[i][tag];
            }
            back[i] = arg;
        }
        (fwd, back)
    }

    /// The best tag sequence of [`Weights::viterbi`], without the margins (half the work).
    pub fn best_path(&self, emissions: &[[f32; N]]) -> Vec<Tag> {
        if emissions.is_empty() {
            return Vec::new();
        }
        let (fwd, back) = Self::forward(emissions, &self.constrained_transitions());
        backtrack(&fwd, &back)
    }

    /// The best tag sequence under the BIO constraints, with each token's margin (best score
    /// minus the best score of another tag at that position, by max-marginals).
    pub fn viterbi(&self, emissions: &[[f32; N]]) -> (Vec<Tag>, Vec<f32>) {
        let n = emissions.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        const NEG: f32 = f32::NEG_INFINITY;
        let trans = self.constrained_transitions();
        let (fwd, back) = Self::forward(emissions, &trans);
        // Backward pass for max-marginals (confidence margins). Comparisons rather than
        // `f32::max`: the scores are never NaN, and `max` pays for handling it.
        let mut bwd = vec![[NEG; N]; n];
        bwd[n - 1] = [0.0; N];
        for i in (0..n - 1).rev() {
            let mut best = [NEG; N];
            for next in 0..N {
                let e = emissions[i + 1][next];
                let b = bwd[i + 1][next];
                for tag in 0..N {
                    let s = trans[tag][next] + e + b;
                    if s > best[tag] {
                        best[tag] = s;
                    }
                }
            }
            bwd[i] = best;
        }
        let path = backtrack(&fwd, &back);
        // The best path's score, which every position's max-marginal for its chosen tag equals.
        let best = fwd[n - 1].iter().copied().fold(NEG, |m, x| if x > m { x } else { m });
        let margins = (0..n)
            .map(|i| {
                let chosen = path[i] as usize;
                let mut other = NEG;
                for tag in 0..N {
                    let s = fwd[i][tag] + bwd[i][tag];
                    if tag != chosen && s > other {
                        other = s;
                    }
                }
                best - other
            })
            .collect();
        (path, margins)
    }

    /// The serialised table (weights quantised to i16, features in hash order).
    fn to_pass(&self) -> PassFile {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let max = self.w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut weights = Vec::with_capacity(keys.len() * N);
        for (_, row) in &keys {
            let base = *row as usize * N;
            weights.extend(self.w[base..base + N].iter().map(|x| (x / scale).round() as i16));
        }
        PassFile { keys: keys.iter().map(|(k, _)| *k).collect(), scale, weights, transitions: self.trans.clone() }
    }

    /// Weights from a serialised table, frozen for scoring.
    fn from_pass(pass: PassFile) -> Result<Weights<N>, ModelError> {
        if pass.weights.len() != pass.keys.len() * N || pass.transitions.len() != (N + 1) * N {
            return Err(ModelError::Shape(format!("{} keys, {} weights", pass.keys.len(), pass.weights.len())));
        }
        let mut index = FeatureIndex::with_capacity_and_hasher(pass.keys.len(), Default::default());
        for (row, key) in pass.keys.iter().enumerate() {
            index.insert(*key, row as u32);
        }
        let w: Vec<f32> = pass.weights.iter().map(|q| f32::from(*q) * pass.scale).collect();
        let mut frozen = HashMap::with_capacity_and_hasher(pass.keys.len(), Default::default());
        for (key, row) in pass.keys.iter().zip(pass.weights.chunks_exact(N)) {
            let mut r = [0i16; N];
            r.copy_from_slice(row);
            frozen.insert(*key, r);
        }
        Ok(Weights { id: next_weights_id(), index, w, trans: pass.transitions, frozen, frozen_scale: pass.scale })
    }

    /// Only the features `keep` accepts, with the same transitions, frozen for scoring (a smaller
    /// table for a lookup that only ever asks for those).
    pub fn restricted(&self, keep: impl Fn(u64) -> bool) -> Weights<N> {
        let mut pass = self.to_pass();
        let rows: Vec<(u64, &[i16])> = pass.keys.iter().copied().zip(pass.weights.chunks_exact(N)).filter(|(k, _)| keep(*k)).collect();
        let keys = rows.iter().map(|(k, _)| *k).collect();
        let weights = rows.iter().flat_map(|(_, r)| r.iter().copied()).collect();
        pass.keys = keys;
        pass.weights = weights;
        Weights::from_pass(pass).expect("rows of N weights")
    }

    /// Serialises with the card (weights quantised to i16).
    pub fn to_file_bytes(&self, types: &[&str], card: ModelCard) -> Vec<u8> {
        let file = ModelFile { format: FORMAT, types: types.iter().map(|s| s.to_string()).collect(), pass: self.to_pass(), card };
        let raw = postcard::to_stdvec(&file).expect("a model serialises");
        zstd::encode_all(&raw[..], 19).expect("zstd compresses in memory")
    }

    /// Loads a model file.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<(Weights<N>, ModelCard), ModelError> {
        Weights::from_raw(&zstd::decode_all(bytes)?)
    }

    /// Loads a decompressed one-table model file.
    fn from_raw(raw: &[u8]) -> Result<(Weights<N>, ModelCard), ModelError> {
        let file: ModelFile = postcard::from_bytes(raw)?;
        if file.format != FORMAT {
            return Err(ModelError::Format { found: file.format });
        }
        Ok((Weights::from_pass(file.pass)?, file.card))
    }
}

/// The rows of two weights tables under one key: a model whose two passes read the same
/// features looks each up once. Rows are kept quantised to `i16` per table (as the model file
/// stores them, so nothing is lost): a smaller table stays nearer the processor.
pub struct PairedRows<const N: usize> {
    rows: HashMap<u64, [[i16; N]; 2], BuildHasherDefault<MixHasher>>,
    scales: [f32; 2],
}

impl<const N: usize> PairedRows<N> {
    /// Pairs the frozen rows of two tables loaded from a file (a feature missing from one has
    /// zeros there).
    pub fn new(a: &Weights<N>, b: &Weights<N>) -> PairedRows<N> {
        debug_assert!(a.index.is_empty() || !a.frozen.is_empty(), "weights loaded from a file");
        debug_assert!(b.index.is_empty() || !b.frozen.is_empty(), "weights loaded from a file");
        let mut rows: HashMap<u64, [[i16; N]; 2], BuildHasherDefault<MixHasher>> = HashMap::default();
        for (side, weights) in [a, b].into_iter().enumerate() {
            for (&key, row) in &weights.frozen {
                rows.entry(key).or_insert([[0; N]; 2])[side] = *row;
            }
        }
        PairedRows { rows, scales: [a.frozen_scale, b.frozen_scale] }
    }

    /// Adds the weights of the given features to the scores of each table.
    #[inline]
    pub fn add_features(&self, feats: &[u64], a: &mut [f32; N], b: &mut [f32; N]) {
        let mut sum = [[0i32; N]; 2];
        for f in feats {
            if let Some([x, y]) = self.rows.get(f) {
                for i in 0..N {
                    sum[0][i] += i32::from(x[i]);
                    sum[1][i] += i32::from(y[i]);
                }
            }
        }
        for i in 0..N {
            a[i] += sum[0][i] as f32 * self.scales[0];
            b[i] += sum[1][i] as f32 * self.scales[1];
        }
    }
}

/// BIO tags: `0` is `O`, `1 + 2k` is `B-` of type `k`, `2 + 2k` is `I-` of type `k`.
pub mod bio {
    /// A tag.
    pub type Tag = u8;

    /// The `O` tag.
    pub const O: Tag = 0;

    /// `B-` tag of type index `k`.
    #[inline]
    pub fn begin(k: usize) -> Tag {
        (1 + 2 * k) as Tag
    }

    /// `I-` tag of type index `k`.
    #[inline]
    pub fn inside(k: usize) -> Tag {
        (2 + 2 * k) as Tag
    }

    /// The type index of a tag (`None` for `O`).
    #[inline]
    pub fn type_of(tag: Tag) -> Option<usize> {
        (tag != O).then(|| (tag as usize - 1) / 2)
    }

    /// True for `B-` tags.
    #[inline]
    pub fn is_begin(tag: Tag) -> bool {
        tag != O && (tag - 1).is_multiple_of(2)
    }

    /// True when `next` may follow `prev` (`None` = sentence start): an `I-X` only after `B-X` or
    /// `I-X`.
    #[inline]
    pub fn allowed(prev: Option<Tag>, next: Tag) -> bool {
        if next == O || is_begin(next) {
            return true;
        }
        match prev {
            None => false,
            Some(p) => p != O && type_of(p) == type_of(next),
        }
    }

    /// Chunks `(start, end, type index)` of a BIO (IOB2) tag sequence. An `I-X` that cannot
    /// continue (after `O` or another type) starts a chunk, as conlleval does.
    pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut current: Option<(usize, usize)> = None;
        for (i, &tag) in tags.iter().enumerate() {
            let continues = !is_begin(tag) && type_of(tag).is_some() && current.is_some_and(|(_, k)| Some(k) == type_of(tag));
            if continues {
                continue;
            }
            if let Some((start, k)) = current.take() {
                out.push((start, i, k));
            }
            if let Some(k) = type_of(tag) {
                current = Some((i, k));
            }
        }
        if let Some((start, k)) = current {
            out.push((start, tags.len(), k));
        }
        out
    }
}

/// An averaged perceptron being trained (Collins 2002), with lazy averaging: each update also
/// adds `c * delta` to an accumulator, and the average is `w - acc / c`.
pub struct Averaged<const N: usize> {
    /// The current (not averaged) weights.
    pub weights: Weights<N>,
    acc: Vec<f64>,
    acc_trans: Vec<f64>,
    c: f64,
}

impl<const N: usize> Default for Averaged<N> {
    fn default() -> Self {
        Averaged { weights: Weights::default(), acc: Vec::new(), acc_trans: vec![0.0; (N + 1) * N], c: 1.0 }
    }
}

impl<const N: usize> Averaged<N> {
    fn row(&mut self, feature: u64) -> usize {
        let next = self.weights.index.len() as u32;
        let row = *self.weights.index.entry(feature).or_insert(next) as usize;
        if row == next as usize {
            self.weights.w.extend_from_slice(&[0.0; N]);
            self.acc.extend_from_slice(&[0.0; N]);
        }
        row
    }

    /// Adds `delta` to the weight of `feature` for `tag`.
    pub fn update_emission(&mut self, feature: u64, tag: Tag, delta: f32) {
        let i = self.row(feature) * N + tag as usize;
        self.weights.w[i] += delta;
        self.acc[i] += self.c * f64::from(delta);
    }

    /// Adds `delta` to the transition score from `prev` (`None` = start) to `next`.
    pub fn update_transition(&mut self, prev: Option<Tag>, next: Tag, delta: f32) {
        let i = prev.map_or(N, |p| p as usize) * N + next as usize;
        self.weights.trans[i] += delta;
        self.acc_trans[i] += self.c * f64::from(delta);
    }

    /// The perceptron update for one sentence: `features(i)` gives the features of token `i`.
    /// Returns true when the prediction was wrong.
    pub fn learn(&mut self, gold: &[Tag], pred: &[Tag], mut features: impl FnMut(usize, &mut dyn FnMut(u64))) -> bool {
        if gold == pred {
            return false;
        }
        for i in 0..pred.len() {
            let (g, p) = (gold[i], pred[i]);
            if g != p {
                features(i, &mut |f| {
                    self.update_emission(f, g, 1.0);
                    self.update_emission(f, p, -1.0);
                });
            }
            let (gp, pp) = if i == 0 { (None, None) } else { (Some(gold[i - 1]), Some(pred[i - 1])) };
            if (gp, g) != (pp, p) {
                self.update_transition(gp, g, 1.0);
                self.update_transition(pp, p, -1.0);
            }
        }
        true
    }

    /// Counts one example (for averaging).
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    /// The averaged weights.
    pub fn averaged(&self) -> Weights<N> {
        let c = self.c.max(1.0);
        let w = self.weights.w.iter().zip(&self.acc).map(|(w, a)| (f64::from(*w) - a / c) as f32).collect();
        let trans = self.weights.trans.iter().zip(&self.acc_trans).map(|(w, a)| (f64::from(*w) - a / c) as f32).collect();
        Weights { id: next_weights_id(), index: self.weights.index.clone(), w, trans, frozen: HashMap::default(), frozen_scale: 0.0 }
    }
}

impl<const N: usize> Weights<N> {
    /// Keeps only the features with a weight of at least `fraction` of the largest weight (a
    /// smaller, faster model).
    pub fn pruned(&self, fraction: f32) -> Weights<N> {
        let max = self.w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let threshold = max * fraction;
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let mut index = FeatureIndex::with_capacity_and_hasher(keys.len(), Default::default());
        let mut w = Vec::new();
        for (key, row) in keys {
            let base = row as usize * N;
            let row_w = &self.w[base..base + N];
            if row_w.iter().any(|x| x.abs() >= threshold) {
                index.insert(key, (w.len() / N) as u32);
                w.extend_from_slice(row_w);
            }
        }
        Weights { id: next_weights_id(), index, w, trans: self.trans.clone(), frozen: HashMap::default(), frozen_scale: 0.0 }
    }
}

/// Drops features whose weights are all negligible after averaging: they cannot change a
/// decision, and keeping them only grows the model file.
pub fn prune<const N: usize>(weights: Weights<N>) -> Weights<N> {
    let max = weights.w.iter().fold(0f32, |m, x| m.max(x.abs()));
    let threshold = max / f32::from(i16::MAX);
    let mut keys: Vec<(u64, u32)> = weights.index.iter().map(|(k, v)| (*k, *v)).collect();
    keys.sort_unstable();
    let mut index = FeatureIndex::with_capacity_and_hasher(keys.len(), Default::default());
    let mut w = Vec::with_capacity(weights.w.len());
    for (key, row) in keys {
        let base = row as usize * N;
        let row_w = &weights.w[base..base + N];
        if row_w.iter().any(|x| x.abs() >= threshold) {
            index.insert(key, (w.len() / N) as u32);
            w.extend_from_slice(row_w);
        }
    }
    Weights { id: next_weights_id(), index, w, trans: weights.trans, frozen: HashMap::default(), frozen_scale: 0.0 }
}

/// A deterministic splitmix64 generator for shuffling training examples.
pub struct SplitMix(pub u64);

impl SplitMix {
    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Shuffles in place (Fisher-Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
