//! The tagger's label set: BIO tags over the four CoNLL-2003 types. The finer OntoNotes-style
//! types of the record (`GPE`, `NORP`) are assigned after tagging, from the gazetteers.

/// The CoNLL types the model predicts.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Number of BIO tags: `O` plus `B-`/`I-` for each type.
pub const N_TAGS: usize = 1 + 2 * TYPES.len();

/// A BIO tag: 0 is `O`, `1 + 2k` is `B-TYPES[k]`, `2 + 2k` is `I-TYPES[k]`.
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
    tag != O && (tag - 1) % 2 == 0
}

/// The tag's name (`O`, `B-PER`, ...).
pub fn name(tag: Tag) -> String {
    match type_of(tag) {
        None => "O".to_string(),
        Some(k) => format!("{}-{}", if is_begin(tag) { "B" } else { "I" }, TYPES[k]),
    }
}

/// True when `next` may follow `prev` (`None` = sentence start) in BIO: an `I-X` only after
/// `B-X` or `I-X`.
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

/// Entity chunks `(start, end, type index)` of a BIO (IOB2) tag sequence. An `I-X` that cannot
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunking_follows_conlleval() {
        // B-PER I-PER O I-ORG B-ORG
        let tags = [begin(0), inside(0), O, inside(1), begin(1)];
        assert_eq!(chunks(&tags), vec![(0, 2, 0), (3, 4, 1), (4, 5, 1)]);
        assert!(allowed(Some(begin(2)), inside(2)));
        assert!(!allowed(Some(begin(2)), inside(1)));
        assert!(!allowed(None, inside(0)));
        assert_eq!(name(inside(3)), "I-MISC");
    }
}
