//! Half-open byte spans into a document's text.
//!
//! Inside herald every span is a pair of **byte** offsets into `Document::text` (cheap to slice, no
//! scanning). The record shown to users converts them to Unicode code points with
//! [`CharOffsets`](crate::CharOffsets); nothing else ever sees code-point offsets.

use std::fmt;
use std::ops::Range;

/// A half-open range `[start, end)` of byte offsets into a document's text.
///
/// Invariant: `start <= end`, and both fall on `char` boundaries of the text they index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte of the span.
    pub start: u32,
    /// One past the last byte of the span.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (bytes). Panics in debug builds if `start > end`.
    #[inline]
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start: start as u32, end: end as u32 }
    }

    /// Length in bytes.
    #[inline]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers nothing.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }

    /// The byte range, for slicing.
    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The covered text.
    #[inline]
    pub fn text(self, text: &str) -> &str {
        &text[self.range()]
    }

    /// True when `other` lies entirely inside this span.
    #[inline]
    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the byte offset lies inside this span.
    #[inline]
    pub fn contains_offset(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset < self.end as usize
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The span with leading and trailing white space of `text` removed.
    pub fn trim(self, text: &str) -> Span {
        let s = self.text(text);
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        let start = self.start as usize + lead;
        Span::new(start, start + trimmed.len())
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_keeps_inner_text() {
        let text = "  hello world \n";
        let span = Span::new(0, text.len()).trim(text);
        assert_eq!(span.text(text), "hello world");
    }

    #[test]
    fn overlap_is_half_open() {
        assert!(!Span::new(0, 3).overlaps(Span::new(3, 5)));
        assert!(Span::new(0, 4).overlaps(Span::new(3, 5)));
    }
}
