//! Sentence boundaries over the tokens of one paragraph.
//!
//! A sentence may end after `.`, `!`, `?`, an ellipsis, or an abbreviation that can end one
//! (`U.S.`, `Inc.`), together with the closing quotes and brackets that follow. Whether it does
//! depends on what comes next: a lower-case word or a comma continues the sentence
//! (`“Why?” he asked`, `“Really?”, she said`); after an abbreviation only a typical sentence
//! opener (`The`, `He`, `But`) starts a new one, so `U.S. President` and `Jan. 5` stay whole;
//! titles (`Gen.`, `Sen.`) never end a sentence. A paragraph end always ends a sentence, so a
//! headline without final punctuation is a sentence of its own.

use super::abbrev::{is_sentence_starter, is_title_abbreviation};
use herald_core::{Token, TokenKind};

#[inline]
fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

fn is_terminal_punct(tok: &str) -> bool {
    matches!(tok, "." | "!" | "?" | "…" | "‽") || (tok.len() >= 2 && tok.bytes().all(|b| b == b'.'))
}

fn is_ellipsis(tok: &str) -> bool {
    tok == "…" || (tok.len() >= 2 && tok.bytes().all(|b| b == b'.'))
}

/// Closing quotes and brackets that belong to the sentence before them.
fn is_closer(tok: &str) -> bool {
    matches!(tok, "”" | "’" | "»" | "›" | ")" | "]" | "}" | "\"" | "'" | "''")
}

fn is_dash(tok: &str) -> bool {
    matches!(tok, "―" | "—" | "–")
}

fn is_opening_quote(tok: &str) -> bool {
    matches!(tok, "“" | "‘" | "«" | "„" | "\"" | "'" | "''" | "``" | "(" | "[")
}

/// Past this many tokens a sentence ends at its next comma, semicolon or colon (the longest
/// sentence of the 924 PolNeAR articles has about 330 tokens).
pub const LONG_SENTENCE_TOKENS: usize = 400;
/// No sentence is longer than this.
pub const MAX_SENTENCE_TOKENS: usize = 600;

/// Splits the tokens of one paragraph into sentences; returns token-index ranges (relative to
/// `tokens`).
pub fn split(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut sentences = Vec::new();
    let n = tokens.len();
    let mut sent_start = 0;
    let mut k = 0;
    let tok = |idx: usize| tokens[idx].span.text(text);
    while k < n {
        let t = tok(k);
        // A sentence longer than any news sentence is cut: at a clause mark past
        // `LONG_SENTENCE_TOKENS`, or anywhere past `MAX_SENTENCE_TOKENS`. Later stages search
        // within a sentence; this bounds what any such search can cost on hostile text.
        let length = k - sent_start;
        if length >= MAX_SENTENCE_TOKENS || (length >= LONG_SENTENCE_TOKENS && k > 0 && matches!(tok(k - 1), "," | ";" | ":")) {
            sentences.push((sent_start, k));
            sent_start = k;
        }
        // A line that opens with a dash is a signature (`“…” ― Krystal Correa`): it ends with
        // the line, and the next line (often the next quotation) is a sentence of its own.
        if k > sent_start && is_dash(tok(sent_start)) && text[tokens[k - 1].span.end as usize..tokens[k].span.start as usize].contains('\n')
        {
            sentences.push((sent_start, k));
            sent_start = k;
        }
        let is_abbrev = tokens[k].kind == TokenKind::Word && t.ends_with('.');
        if !(is_terminal_punct(t) || is_abbrev) {
            k += 1;
            continue;
        }
        // Take in closing quotes/brackets and further end marks (`?!`, `.”`, `.)`). A straight
        // quote closes only when it touches the token before it.
        let mut end = k + 1;
        while end < n {
            let next = tok(end);
            let touches = tokens[end].span.start == tokens[end - 1].span.end;
            let straight = matches!(next, "\"" | "'" | "''");
            if (is_closer(next) && (!straight || touches)) || is_terminal_punct(next) {
                end += 1;
            } else {
                break;
            }
        }
        if end >= n {
            break;
        }
        let quote_closed = (k + 1..end).any(|i| matches!(tok(i), "”" | "\"" | "»" | "’" | "'" | "''"));
        if ends_sentence(text, tokens, k, end) && !(quote_closed && attribution_follows(text, tokens, k, end)) {
            sentences.push((sent_start, end));
            sent_start = end;
        }
        k = end;
    }
    if sent_start < n {
        sentences.push((sent_start, n));
    }
    sentences
}

/// Speech verbs that follow a quotation in `“…?” Trump asked`.
fn is_speech_verb(word: &str) -> bool {
    matches!(
        word,
        "said"
            | "says"
            | "asked"
            | "asks"
            | "told"
            | "tells"
            | "added"
            | "adds"
            | "wrote"
            | "writes"
            | "replied"
            | "shouted"
            | "yelled"
            | "answered"
            | "continued"
            | "explained"
            | "recalled"
            | "declared"
            | "noted"
            | "insisted"
            | "joked"
            | "quipped"
            | "tweeted"
            | "exclaimed"
            | "responded"
            | "wondered"
            | "cried"
            | "screamed"
    )
}

/// True when a quotation's end mark is followed by its attribution: one to three capitalised
/// words and a speech verb (`“Why?” Graham asked`). After a period the verb must also end the
/// clause (`“Go.” Trump said.`), since `“We won.” Trump said the party…` starts a new sentence.
fn attribution_follows(text: &str, tokens: &[Token], mark: usize, next: usize) -> bool {
    let mark_text = tokens[mark].span.text(text);
    let mut i = next;
    while i < tokens.len() && i < next + 3 && first_char(tokens[i].span.text(text)).is_uppercase() {
        i += 1;
    }
    if i == next || i >= tokens.len() || !is_speech_verb(tokens[i].span.text(text)) {
        return false;
    }
    if mark_text == "." {
        return tokens.get(i + 1).is_none_or(|t| matches!(t.span.text(text), "." | "," | ";"));
    }
    true
}

/// Whether a sentence ends after the end mark at `mark` (with its closers up to `next`), given the
/// token at `next`.
fn ends_sentence(text: &str, tokens: &[Token], mark: usize, next: usize) -> bool {
    let mark_text = tokens[mark].span.text(text);
    let next_text = tokens[next].span.text(text);
    let c = first_char(next_text);
    // Without white space after the end mark this is not a boundary (`example.com`), unless a
    // quotation opens or a capitalised word follows a closed one right after it (scraped text
    // that lost its spaces: `…voters!”After his rally`), or a signature dash follows a closed
    // quotation (`…prices.”― Maria Okafor`).
    let spaced = tokens[next].span.start > tokens[next - 1].span.end;
    let after_quotation = next > mark + 1 && matches!(tokens[next - 1].span.text(text), "”" | "\"" | "»");
    let signature = after_quotation && is_dash(next_text);
    let run_on = after_quotation && is_terminal_punct(mark_text) && c.is_uppercase();
    if !spaced && !is_opening_quote(next_text) && !signature && !run_on {
        return false;
    }
    if c.is_lowercase() || matches!(next_text, "," | ";" | ":" | "%" | ")" | "]") {
        return false;
    }
    if is_terminal_punct(mark_text) {
        if is_ellipsis(mark_text) {
            return c.is_uppercase() || is_opening_quote(next_text) || c.is_ascii_digit();
        }
        return true;
    }
    // An abbreviation token.
    if is_title_abbreviation(mark_text) {
        return false;
    }
    if is_opening_quote(next_text) && tokens[next].kind == TokenKind::Punct {
        return matches!(next_text, "“" | "«" | "„");
    }
    let lower = next_text.to_lowercase();
    tokens[next].kind == TokenKind::Word && c.is_uppercase() && is_sentence_starter(&lower)
}
