//! Pairing quotation marks into quoted spans.
//!
//! Curly quotes pair by direction (`“ ”`, `« »`, `„ “`, and the ASCII ``` `` ```); a straight `"`
//! (or two apostrophes, `''`, as some archives write it) opens when it follows
//! white space, an opening bracket or the start of a paragraph, and closes otherwise. Single
//! quotes are ignored at this level (`’` is the apostrophe; `‘…’` nests inside double quotes).
//! A quotation still open at the end of a paragraph continues when the next paragraph opens with a
//! quotation mark (news style for quotes over several paragraphs); otherwise it closes at the
//! paragraph end. An unmatched closing mark is left alone: nothing aborts the article.

use herald_core::{Document, Span};

/// A quoted passage: its pieces (one per paragraph), each including its quotation marks.
#[derive(Clone, Debug, PartialEq)]
pub struct Quotation {
    /// The pieces, in order; each spans tokens `[first, last]` (inclusive of the marks).
    pub pieces: Vec<(usize, usize)>,
    /// True when the closing mark was found (not closed by a paragraph end).
    pub closed: bool,
}

impl Quotation {
    /// The byte spans of the pieces.
    pub fn spans(&self, doc: &Document) -> Vec<Span> {
        self.pieces.iter().map(|&(a, b)| Span::new(doc.tokens[a].span.start as usize, doc.tokens[b].span.end as usize)).collect()
    }

    /// Number of tokens inside the marks.
    pub fn n_inner_tokens(&self) -> usize {
        self.pieces.iter().map(|&(a, b)| (b - a).saturating_sub(1)).sum()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
    Either,
    None,
}

fn mark_of(doc: &Document, t: usize) -> Mark {
    let text = doc.token_text(t);
    let context = || {
        let start = doc.tokens[t].span.start as usize;
        let before = doc.text[..start].chars().next_back();
        let after = doc.text[doc.tokens[t].span.end as usize..].chars().next();
        let opens = before.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | ':'));
        let closes = after.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || matches!(c, '—' | '–' | '…'));
        (opens, closes)
    };
    match text {
        "«" | "„" | "``" => Mark::Open,
        "»" => Mark::Close,
        // Curly marks typed the wrong way round (`”Fear. I am afraid…”` in readers' comments) go
        // by their place, as straight marks do; otherwise by their shape.
        "“" => match context() {
            (false, true) => Mark::Close,
            _ => Mark::Open,
        },
        "”" => match context() {
            (true, false) => Mark::Open,
            _ => Mark::Close,
        },
        "\"" | "''" => match context() {
            (true, false) => Mark::Open,
            (false, true) => Mark::Close,
            _ => Mark::Either,
        },
        _ => Mark::None,
    }
}

/// The quotations of a document, in text order.
pub fn quotations(doc: &Document) -> Vec<Quotation> {
    let mut out: Vec<Quotation> = Vec::new();
    // An article that quotes with curly marks and starts some paragraphs with a lone straight `"`
    // uses that mark for block quotations of other texts (excerpts, transcripts), not as the
    // opening of a quote that runs to the paragraph's end.
    let curly = doc.text.contains('“') || doc.text.contains('”');
    // A quotation open at the end of the previous paragraph.
    let mut carried: Option<Quotation> = None;
    for group in doc.sentences.chunk_by(|a, b| a.paragraph == b.paragraph) {
        let mut start = group[0].tokens.start as usize;
        let end = group[group.len() - 1].tokens.end as usize;
        if curly && start < end && doc.token_text(start) == "\"" && !(start + 1..end).any(|t| doc.token_text(t) == "\"") {
            start += 1;
        }
        let mut open: Option<usize> = None;
        let mut pieces_before: Option<Quotation> = None;
        if let Some(q) = carried.take() {
            if start < end && matches!(mark_of(doc, start), Mark::Open | Mark::Either) {
                // Continues into this paragraph.
                pieces_before = Some(q);
                open = Some(start);
            } else {
                out.push(q);
            }
        }
        let mut t = if open.is_some() { start + 1 } else { start };
        while t < end {
            match (mark_of(doc, t), open) {
                (Mark::Open, None) | (Mark::Either, None) => open = Some(t),
                (Mark::Open, Some(o)) => {
                    if let Some(inner_close) = nested_quotation_ends(doc, o, t, end) {
                        // The same marks nested (`“…what he calls “hell” than…”`): the inner
                        // quotation is part of the outer one's words.
                        t = inner_close;
                    } else {
                        // A new opening mark while open: the previous quotation lacked its
                        // closing mark; close it before this one.
                        let mut q = pieces_before.take().unwrap_or(Quotation { pieces: Vec::new(), closed: false });
                        q.pieces.push((o, t - 1));
                        q.closed = false;
                        out.push(q);
                        open = Some(t);
                    }
                }
                (Mark::Close, Some(o)) | (Mark::Either, Some(o)) => {
                    let mut q = pieces_before.take().unwrap_or(Quotation { pieces: Vec::new(), closed: true });
                    q.pieces.push((o, t));
                    q.closed = true;
                    out.push(q);
                    open = None;
                }
                _ => {}
            }
            t += 1;
        }
        if let Some(o) = open {
            let mut q = pieces_before.take().unwrap_or(Quotation { pieces: Vec::new(), closed: false });
            q.pieces.push((o, end - 1));
            q.closed = false;
            carried = Some(q);
        }
    }
    if let Some(q) = carried {
        out.push(q);
    }
    out.retain(|q| q.pieces.iter().any(|&(a, b)| b > a));
    out
}

/// When the opening mark at `t`, inside the quotation opened at `open`, starts a nested quotation
/// in the same curly marks (`“…what he calls “hell” than…”`), the index of its closing mark: the
/// next two marks both close, so both quotations find their ends. Otherwise (another kind of mark,
/// the next mark opens, or a single close follows) the open quotation lacked its closing mark.
fn nested_quotation_ends(doc: &Document, open: usize, t: usize, end: usize) -> Option<usize> {
    let opening = doc.token_text(t);
    let closing = match opening {
        "“" => "”",
        "«" => "»",
        _ => return None,
    };
    if doc.token_text(open) != opening {
        return None;
    }
    let mut marks = (t + 1..end).filter(|&i| mark_of(doc, i) != Mark::None);
    let inner_close = marks.next().filter(|&i| doc.token_text(i) == closing && mark_of(doc, i) == Mark::Close)?;
    marks.next().filter(|&i| doc.token_text(i) == closing && mark_of(doc, i) == Mark::Close).map(|_| inner_close)
}

/// For each token: the index of the quotation it lies in (marks included), if any.
pub fn quotation_of_token(doc: &Document, quotations: &[Quotation]) -> Vec<Option<u32>> {
    let mut out = vec![None; doc.tokens.len()];
    for (qi, q) in quotations.iter().enumerate() {
        for &(a, b) in &q.pieces {
            for slot in out.iter_mut().take(b + 1).skip(a) {
                *slot = Some(qi as u32);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;
    use herald_core::ArticleMeta;

    fn quoted(text: &str) -> Vec<Vec<String>> {
        let mut doc = Document::new(ArticleMeta::default(), text.to_string());
        segment(&mut doc);
        quotations(&doc).iter().map(|q| q.spans(&doc).iter().map(|s| doc.slice(*s).to_string()).collect()).collect()
    }

    #[test]
    fn curly_straight_and_guillemets() {
        assert_eq!(
            quoted("“We agreed,” he said. He called it \"unrealistic\" and «absurd»."),
            vec![vec!["“We agreed,”".to_string()], vec!["\"unrealistic\"".to_string()], vec!["«absurd»".to_string()]]
        );
    }

    #[test]
    fn apostrophes_and_single_quotes_do_not_break_pairing() {
        assert_eq!(quoted("“I don’t think it’s ‘practical’,” he said."), vec![vec!["“I don’t think it’s ‘practical’,”".to_string()]]);
    }

    #[test]
    fn quotes_over_paragraphs() {
        let q = quoted("“First part.\n\n“Second part,” she said.\n\nNo quote here.");
        assert_eq!(q, vec![vec!["“First part.".to_string(), "“Second part,”".to_string()]]);
    }

    #[test]
    fn a_lone_straight_mark_in_a_curly_article_marks_a_block_quotation() {
        let q = quoted("“Here he is,” she said.\n\n\"Kevin was snoring.\n\nShe left.");
        assert_eq!(q, vec![vec!["“Here he is,”".to_string()]]);
        // Without curly quotes in the article, it opens a quotation as before.
        let q = quoted("\"Kevin was snoring.\n\nShe left.");
        assert_eq!(q, vec![vec!["\"Kevin was snoring.".to_string()]]);
    }

    #[test]
    fn curly_marks_typed_the_wrong_way_round_go_by_their_place() {
        let q = quoted("”Fear. I am truly afraid,” one reader wrote.");
        assert_eq!(q, vec![vec!["”Fear. I am truly afraid,”".to_string()]]);
    }

    #[test]
    fn the_same_marks_nested_stay_one_quotation() {
        let q = quoted("“I’d rather live in what he calls “hell” than live here.” ― Ana Ruiz");
        assert_eq!(q, vec![vec!["“I’d rather live in what he calls “hell” than live here.”".to_string()]]);
        // A quotation that lacks its closing mark still ends where the next one opens.
        let q = quoted("“We are ready. “They are not,” she said.");
        assert_eq!(q, vec![vec!["“We are ready.".to_string()], vec!["“They are not,”".to_string()]]);
    }

    #[test]
    fn unclosed_quote_closes_at_paragraph_end() {
        let q = quoted("He said “this never ends\n\nNext paragraph.");
        assert_eq!(q, vec![vec!["“this never ends".to_string()]]);
    }
}
