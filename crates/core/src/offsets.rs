//! Conversion between byte offsets (used inside herald) and Unicode code-point offsets (used in
//! the record, as in Python strings and brat files).
//!
//! News text is mostly ASCII, so the table stores only the multi-byte characters; a conversion is
//! a binary search over them.

/// Maps byte offsets of one text to code-point offsets and back.
#[derive(Clone, Debug, Default)]
pub struct CharOffsets {
    /// For each multi-byte character in text order: its byte offset.
    byte_pos: Vec<u32>,
    /// For each multi-byte character: its code-point offset.
    char_pos: Vec<u32>,
    /// For each multi-byte character: extra bytes (len - 1) of all multi-byte characters up to and
    /// including it.
    extra_cum: Vec<u32>,
    n_bytes: u32,
    n_chars: u32,
}

impl CharOffsets {
    /// Builds the table for `text`.
    pub fn new(text: &str) -> CharOffsets {
        let mut table = CharOffsets { n_bytes: text.len() as u32, ..CharOffsets::default() };
        if text.is_ascii() {
            table.n_chars = text.len() as u32;
            return table;
        }
        let mut extra = 0u32;
        for (byte, ch) in text.char_indices() {
            let len = ch.len_utf8() as u32;
            if len > 1 {
                table.byte_pos.push(byte as u32);
                table.char_pos.push(byte as u32 - extra);
                extra += len - 1;
                table.extra_cum.push(extra);
            }
        }
        table.n_chars = text.len() as u32 - extra;
        table
    }

    /// Number of code points in the text.
    pub fn n_chars(&self) -> usize {
        self.n_chars as usize
    }

    /// The code-point offset of a byte offset that falls on a character boundary.
    #[inline]
    pub fn to_char(&self, byte: u32) -> u32 {
        // Count the multi-byte characters that start before `byte`.
        let idx = self.byte_pos.partition_point(|&b| b < byte);
        if idx == 0 { byte } else { byte - self.extra_cum[idx - 1] }
    }

    /// The byte offset of a code-point offset; offsets past the end map to the end of the text.
    #[inline]
    pub fn to_byte(&self, ch: u32) -> u32 {
        if ch >= self.n_chars {
            return self.n_bytes;
        }
        let idx = self.char_pos.partition_point(|&c| c < ch);
        if idx == 0 { ch } else { ch + self.extra_cum[idx - 1] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_boundary() {
        let text = "a “quoted” ünïcode — text 🙂 end";
        let table = CharOffsets::new(text);
        for (char_idx, (byte_idx, _)) in text.char_indices().enumerate() {
            assert_eq!(table.to_char(byte_idx as u32), char_idx as u32);
            assert_eq!(table.to_byte(char_idx as u32), byte_idx as u32);
        }
        assert_eq!(table.to_char(text.len() as u32) as usize, text.chars().count());
        assert_eq!(table.n_chars(), text.chars().count());
    }

    #[test]
    fn ascii_is_identity() {
        let table = CharOffsets::new("plain");
        assert_eq!(table.to_char(3), 3);
        assert_eq!(table.to_byte(3), 3);
    }
}
