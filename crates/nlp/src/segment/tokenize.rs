//! Tokens with byte offsets, close to the Penn Treebank / CoNLL conventions the tagger was trained
//! on: clitics split off (`Trump` `'s`, `do` `n't`), hyphenated words kept whole
//! (`Trump-Putin`), abbreviation periods kept on their word (`U.S.`, `Gen.`, `J.D.`), numbers
//! with their inner separators (`1,000.5`, `10:30`, `2025-02-13`), an ellipsis as one token.

use super::abbrev::{is_known_abbreviation, takes_period_before_number};
use herald_core::{Span, Token, TokenKind};

/// Apostrophes: ASCII, right single quotation mark, modifier letter apostrophe.
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02bc}')
}

/// Hyphens that join words.
#[inline]
fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 { Some(b as char) } else { text.get(i..)?.chars().next() }
}

/// If a clitic (`s`, `re`, `ve`, `ll`, `d`, `m`) starts at `pos` and ends a word, its end.
fn clitic_end(text: &str, pos: usize, end: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = pos;
    while j < end && j - pos < 3 && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    if j == pos {
        return None;
    }
    if let Some(next) = char_at(text, j).filter(|_| j < end)
        && next.is_alphanumeric()
    {
        return None;
    }
    let clitic = &text[pos..j];
    const CLITICS: [&str; 6] = ["s", "re", "ve", "ll", "d", "m"];
    CLITICS.iter().any(|c| clitic.eq_ignore_ascii_case(c)).then_some(j)
}

/// True when `n't` (any apostrophe, any case) starts at `pos` and ends a word; returns its end.
fn nt_end(text: &str, pos: usize, end: usize) -> Option<usize> {
    let n = char_at(text, pos)?;
    if !matches!(n, 'n' | 'N') {
        return None;
    }
    let apostrophe = char_at(text, pos + 1).filter(|c| is_apostrophe(*c))?;
    let t_pos = pos + 1 + apostrophe.len_utf8();
    if t_pos >= end || !matches!(char_at(text, t_pos)?, 't' | 'T') {
        return None;
    }
    let after = t_pos + 1;
    if after < end && char_at(text, after).is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(after)
}

/// Appends the tokens of `text[span]` to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = span.end as usize;
    let mut i = span.start as usize;
    // Whether the previous character was alphanumeric: clitics attach only right after a word.
    let mut prev_alnum = false;
    while i < end {
        let b = bytes[i];
        if b < 0x80 && (b as char).is_ascii_whitespace() {
            i += 1;
            prev_alnum = false;
            continue;
        }
        let c = char_at(text, i).unwrap_or('\u{fffd}');
        let clen = c.len_utf8();
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            i += clen;
            prev_alnum = false;
            continue;
        }
        let start = i;
        if c.is_alphanumeric() {
            if prev_alnum && let Some(j) = nt_end(text, i, end) {
                out.push(Token { span: Span::new(start, j), kind: TokenKind::Word });
                i = j;
                prev_alnum = false;
                continue;
            }
            let (j, kind) = scan_word(text, i, end);
            out.push(Token { span: Span::new(start, j), kind });
            prev_alnum = char_at(text, j - 1).is_some_and(char::is_alphanumeric);
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && prev_alnum
            && let Some(j) = clitic_end(text, i + clen, end)
        {
            out.push(Token { span: Span::new(start, j), kind: TokenKind::Word });
            i = j;
            prev_alnum = false;
            continue;
        }
        let mut j = i + clen;
        match c {
            '.' => {
                // `..`, `...`, `....` are one ellipsis token.
                while j < end && bytes[j] == b'.' {
                    j += 1;
                }
            }
            '-' => {
                while j < end && bytes[j] == b'-' {
                    j += 1;
                }
            }
            // Two apostrophes or two backticks are a double quotation mark in the ASCII
            // convention of some archives (`''It is,'' he said`; PTB writes ``` `` ```).
            '\'' | '`' if j < end && bytes[j] == c as u8 => j += 1,
            _ => {}
        }
        out.push(Token { span: Span::new(start, j), kind: TokenKind::Punct });
        prev_alnum = false;
        i = j;
    }
}

/// Scans a word or number starting at `start` (an alphanumeric character); returns its end and
/// kind.
fn scan_word(text: &str, start: usize, end: usize) -> (usize, TokenKind) {
    let bytes = text.as_bytes();
    let first = char_at(text, start).unwrap_or('a');
    let mut j = start + first.len_utf8();
    let mut numeric = first.is_ascii_digit();
    let mut all_upper = first.is_uppercase();
    while j < end {
        let d = char_at(text, j).unwrap_or(' ');
        let dlen = d.len_utf8();
        if d.is_alphanumeric() {
            numeric &= d.is_ascii_digit();
            all_upper &= d.is_uppercase() || d.is_ascii_digit();
            j += dlen;
            continue;
        }
        let next = if j + dlen < end { char_at(text, j + dlen) } else { None };
        let Some(e) = next else { break };
        if is_word_hyphen(d) && e.is_alphanumeric() {
            numeric &= e.is_ascii_digit();
            j += dlen;
            continue;
        }
        if is_apostrophe(d) && e.is_alphabetic() {
            if clitic_end(text, j + dlen, end).is_some() {
                break;
            }
            // `don't`: the word ends before its `n`.
            if j - start >= 2 && matches!(bytes[j - 1], b'n' | b'N') && nt_end(text, j - 1, end).is_some() {
                j -= 1;
                break;
            }
            j += dlen;
            continue;
        }
        if numeric && matches!(d, '.' | ',' | ':' | '/') && e.is_ascii_digit() {
            j += 1;
            continue;
        }
        if all_upper && d == '&' && e.is_uppercase() {
            j += 1;
            continue;
        }
        break;
    }
    let kind = if numeric { TokenKind::Number } else { TokenKind::Word };
    // An abbreviation keeps its period: initials and dotted abbreviations (`J.`, `U.S.`, `a.m.`),
    // known abbreviations (`Gen.`, `Jan.`, `Inc.`), `No.` before a number.
    if kind == TokenKind::Word && j < end && bytes[j] == b'.' && !(j + 1 < end && bytes[j + 1] == b'.') {
        let word = &text[start..j];
        let single_letter = word.chars().count() == 1 && first.is_alphabetic();
        if single_letter {
            j += 1;
            // Dotted abbreviations: (letter '.')+
            while j + 1 < end {
                let Some(l) = char_at(text, j) else { break };
                let llen = l.len_utf8();
                if l.is_alphabetic() && j + llen < end && bytes[j + llen] == b'.' {
                    j += llen + 1;
                } else {
                    break;
                }
            }
        } else if is_known_abbreviation(word) {
            j += 1;
        } else if takes_period_before_number(word) {
            let rest = &bytes[j + 1..end];
            let skip = rest.iter().take_while(|b| **b == b' ').count();
            if rest.get(skip).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        }
    }
    (j, kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut out);
        out.iter().map(|t| t.span.text(text)).collect()
    }

    #[test]
    fn clitics_and_possessives() {
        assert_eq!(toks("Trump's talks"), ["Trump", "'s", "talks"]);
        assert_eq!(toks("Zelensky’s statements"), ["Zelensky", "’s", "statements"]);
        assert_eq!(toks("I don’t think it’s OK"), ["I", "do", "n’t", "think", "it", "’s", "OK"]);
        assert_eq!(toks("They’ve can't"), ["They", "’ve", "ca", "n't"]);
        assert_eq!(toks("O'Brien ma'am"), ["O'Brien", "ma'am"]);
        assert_eq!(toks("leaders' plans"), ["leaders", "'", "plans"]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        assert_eq!(toks("U.S. Sen. J.D. Vance"), ["U.S.", "Sen.", "J.D.", "Vance"]);
        assert_eq!(toks("on Jan. 5 at 10 a.m."), ["on", "Jan.", "5", "at", "10", "a.m."]);
        assert_eq!(toks("No. 1 but no."), ["No.", "1", "but", "no", "."]);
        assert_eq!(toks("the end."), ["the", "end", "."]);
    }

    #[test]
    fn numbers_hyphens_ellipses() {
        assert_eq!(toks("$1,000.50 on 2025-02-13 at 10:30"), ["$", "1,000.50", "on", "2025-02-13", "at", "10:30"]);
        assert_eq!(toks("Trump-Putin talks -- yes"), ["Trump-Putin", "talks", "--", "yes"]);
        assert_eq!(toks("personally... They"), ["personally", "...", "They"]);
        assert_eq!(toks("“We agreed,” he"), ["“", "We", "agreed", ",", "”", "he"]);
        assert_eq!(toks("AT&T 90%"), ["AT&T", "90", "%"]);
        assert_eq!(toks("''It is,'' he said. ``Yes''"), ["''", "It", "is", ",", "''", "he", "said", ".", "``", "Yes", "''"]);
    }
}
