//! The tagger's label set: BIO tags over the four CoNLL-2003 types. The finer OntoNotes-style
//! types of the record (`GPE`, `NORP`) are assigned after tagging, from the gazetteers.

/// The CoNLL types the model predicts.
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

/// Number of BIO tags: `O` plus `B-`/`I-` for each type.
pub const N_TAGS: usize = 1 + 2 * TYPES.len();

pub use crate::perceptron::bio::{O, Tag, allowed, begin, chunks, inside, is_begin, type_of};

/// The tag's name (`O`, `B-PER`, ...).
pub fn name(tag: Tag) -> String {
    match type_of(tag) {
        None => "O".to_string(),
        Some(k) => format!("{}-{}", if is_begin(tag) { "B" } else { "I" }, TYPES[k]),
    }
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
