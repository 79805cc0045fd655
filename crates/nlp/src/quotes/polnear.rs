//! Reading PolNeAR (political news attribution relations, brat standoff) exactly as the reference
//! scorer `polnear_score.py` does: for each article the first `.ann` file by sorted name; each
//! `E` line one attribution whose roles come from the `T` lines it names (`Content`, the rare
//! `Content2` merged into it, `Source`, `Cue`); spans are sets of code-point ranges; `E` lines
//! without content are skipped and counted.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Code-point ranges `[start, end)`.
pub type Ranges = Vec<(u32, u32)>;

/// One gold attribution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldAttribution {
    /// Content ranges, sorted.
    pub content: Ranges,
    /// Source ranges, sorted, if any.
    pub source: Option<Ranges>,
    /// Cue ranges, sorted, if any.
    pub cue: Option<Ranges>,
}

/// One article with its gold attributions.
#[derive(Clone, Debug)]
pub struct GoldArticle {
    /// The text file's name without `.txt`.
    pub stem: String,
    /// The text.
    pub text: String,
    /// Its attributions, in file order.
    pub attributions: Vec<GoldAttribution>,
}

/// A split of PolNeAR.
#[derive(Clone, Debug, Default)]
pub struct GoldSplit {
    /// Articles by stem (sorted).
    pub articles: Vec<GoldArticle>,
    /// `E` lines without a content, skipped.
    pub events_without_content: usize,
}

fn parse_ranges(s: &str) -> Option<Ranges> {
    s.split(';')
        .map(|part| {
            let mut it = part.split_whitespace();
            let a = it.next()?.parse().ok()?;
            let b = it.next()?.parse().ok()?;
            Some((a, b))
        })
        .collect()
}

/// Parses one `.ann` file; returns the attributions and the number of events without content.
pub fn parse_ann(ann: &str) -> (Vec<GoldAttribution>, usize) {
    let mut text_bounds: BTreeMap<&str, Ranges> = BTreeMap::new();
    let mut events: Vec<Vec<&str>> = Vec::new();
    for line in ann.lines() {
        // brat texts may contain newlines: only lines that start like `T12\t` or `E3\t` count.
        let Some((id, rest)) = line.split_once('\t') else { continue };
        let is = |prefix: char| id.starts_with(prefix) && id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit());
        if is('T') {
            let Some((head, _)) = rest.split_once('\t') else { continue };
            let Some((_, ranges)) = head.split_once(' ') else { continue };
            if !ranges.bytes().all(|b| b.is_ascii_digit() || b == b' ' || b == b';') {
                continue;
            }
            if let Some(r) = parse_ranges(ranges) {
                text_bounds.insert(id, r);
            }
        } else if is('E') {
            events.push(rest.split_whitespace().collect());
        }
    }
    let mut out = Vec::new();
    let mut no_content = 0;
    for args in events {
        let mut content = Vec::new();
        let mut source = Vec::new();
        let mut cue = Vec::new();
        for arg in args {
            let Some((role, tid)) = arg.split_once(':') else { continue };
            let Some(ranges) = text_bounds.get(tid) else { continue };
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            match role {
                "Content" => content.extend_from_slice(ranges),
                "Source" => source.extend_from_slice(ranges),
                "Cue" => cue.extend_from_slice(ranges),
                _ => {}
            }
        }
        if content.is_empty() {
            no_content += 1;
            continue;
        }
        content.sort_unstable();
        source.sort_unstable();
        cue.sort_unstable();
        out.push(GoldAttribution { content, source: (!source.is_empty()).then_some(source), cue: (!cue.is_empty()).then_some(cue) });
    }
    (out, no_content)
}

/// The stem of an annotation file name (`name_4e07.ann` → `name`).
fn ann_stem(file_name: &str) -> Option<&str> {
    let base = file_name.strip_suffix(".ann")?;
    let (stem, annotator) = base.rsplit_once('_')?;
    (annotator.len() == 4 && annotator.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())).then_some(stem)
}

/// The annotation files of a split, sorted by name, grouped by article stem (sorted).
fn annotation_files(adir: &Path) -> io::Result<BTreeMap<String, Vec<String>>> {
    let mut files: Vec<String> = std::fs::read_dir(adir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ann"))
        .collect();
    files.sort();
    let mut by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in files {
        if let Some(stem) = ann_stem(&f) {
            by_stem.entry(stem.to_string()).or_default().push(f);
        }
    }
    Ok(by_stem)
}

/// Loads a split (`train`, `dev`) of PolNeAR from `data/<split>/{text,attributions}`.
pub fn load_split(data: &Path, split: &str) -> io::Result<GoldSplit> {
    let adir = data.join(split).join("attributions");
    let tdir = data.join(split).join("text");
    let mut split_out = GoldSplit::default();
    for (stem, files) in annotation_files(&adir)? {
        let text = std::fs::read_to_string(tdir.join(format!("{stem}.txt")))?;
        let ann = std::fs::read_to_string(adir.join(&files[0]))?;
        let (attributions, no_content) = parse_ann(&ann);
        split_out.events_without_content += no_content;
        split_out.articles.push(GoldArticle { stem, text, attributions });
    }
    Ok(split_out)
}

/// An article that several annotators marked up, each file read as [`load_split`] reads one.
#[derive(Clone, Debug)]
pub struct MultiplyAnnotated {
    /// The article with the attributions of its first file, the one the scorer takes as gold.
    pub gold: GoldArticle,
    /// The attributions of every other annotator's file, in file-name order.
    pub others: Vec<Vec<GoldAttribution>>,
}

/// The articles of a split with more than one annotation file (for inter-annotator agreement).
pub fn load_multiply_annotated(data: &Path, split: &str) -> io::Result<Vec<MultiplyAnnotated>> {
    let adir = data.join(split).join("attributions");
    let tdir = data.join(split).join("text");
    let mut out = Vec::new();
    for (stem, files) in annotation_files(&adir)? {
        if files.len() < 2 {
            continue;
        }
        let text = std::fs::read_to_string(tdir.join(format!("{stem}.txt")))?;
        let mut read = files.iter().map(|f| std::fs::read_to_string(adir.join(f)).map(|ann| parse_ann(&ann).0));
        let attributions = read.next().expect("two files or more")?;
        let others = read.collect::<io::Result<Vec<_>>>()?;
        out.push(MultiplyAnnotated { gold: GoldArticle { stem, text, attributions }, others });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_discontinuous_and_missing_roles() {
        let ann = "T1\tSource 0 2\twe\nT2\tCue 3 9\tmocked\nT3\tContent 10 20;25 30\tx\nT4\tAttribution 3 9\tmocked\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\nE2\tAttribution:T4 Cue:T2\nT5\tContent2 40 45\ty\nE3\tAttribution:T4 Content:T3 Content2:T5\n";
        let (atts, no_content) = parse_ann(ann);
        assert_eq!(no_content, 1);
        assert_eq!(atts.len(), 2);
        assert_eq!(atts[0].content, vec![(10, 20), (25, 30)]);
        assert_eq!(atts[0].source, Some(vec![(0, 2)]));
        assert_eq!(atts[1].content, vec![(10, 20), (25, 30), (40, 45)]);
        assert_eq!(atts[1].source, None);
        assert_eq!(ann_stem("breitbart_2016-09-12_x_ef2d.ann"), Some("breitbart_2016-09-12_x"));
    }
}
