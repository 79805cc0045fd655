//! Building HTML safely: every text goes through [`esc`]; attribute values are always quoted and
//! escaped; URLs are built from numbers and [`enc`]-encoded parameters only.

use std::fmt::Write;

/// Escapes text for HTML content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query parameter value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A whole page: header with navigation and search, the content, a footer.
pub fn page(title: &str, current: &str, body: &str) -> String {
    let nav = [("/", "Home"), ("/quotes", "Quotes"), ("/timeline", "Timeline"), ("/network", "Network")];
    let mut links = String::new();
    for (href, label) in nav {
        let aria = if href == current { " aria-current=\"page\"" } else { "" };
        let _ = write!(links, "<a href=\"{href}\"{aria}>{label}</a>");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · herald</title><link rel=\"stylesheet\" href=\"/assets/app.css\"><script src=\"/assets/app.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">Skip to content</a><header class=\"top\"><a class=\"brand\" href=\"/\">herald</a><nav>{links}</nav>\
<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\"><label for=\"q\" class=\"sr\">Search</label>\
<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Search articles and quotes\"><button type=\"submit\">Search</button></form></header>\
<main id=\"main\">{body}</main><footer>herald · every fact links to the characters it came from</footer></body></html>",
        title = esc(title)
    )
}

/// A bar chart of counts by month (`YYYY-MM` → n) as SVG with a fixed aspect ratio (no layout
/// jump while it loads).
pub fn month_chart(counts: &[(String, i64)], label: &str) -> String {
    if counts.is_empty() {
        return "<p class=\"muted\">No dated statements.</p>".to_string();
    }
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1).max(1);
    let n = counts.len();
    let w = 600.0;
    let h = 120.0;
    let bw = w / n as f64;
    let mut bars = String::new();
    for (i, (month, c)) in counts.iter().enumerate() {
        let bh = (h - 20.0) * (*c as f64) / (max as f64);
        let x = i as f64 * bw;
        let _ = write!(
            bars,
            "<g class=\"bar\"><title>{}: {c}</title><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"></rect></g>",
            esc(month),
            x + 1.0,
            h - 16.0 - bh,
            (bw - 2.0).max(1.0),
            bh
        );
    }
    let first = esc(&counts[0].0);
    let last = esc(&counts[n - 1].0);
    format!(
        "<figure class=\"chart\"><svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\">{bars}\
<text x=\"0\" y=\"{h}\" class=\"axis\">{first}</text><text x=\"{w}\" y=\"{h}\" class=\"axis end\">{last}</text></svg></figure>",
        esc(label)
    )
}
