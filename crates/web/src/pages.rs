//! The server-rendered pages. Each page asks `herald-store` the same questions as the CLI and
//! the API (through the same filters), then renders with [`crate::html`], which escapes every
//! text. Pages work without JavaScript; the script only lights up split quotes together.

use crate::api::{Params, edge_kind, network_json, quote_filter};
use crate::html::{enc, esc, month_chart, page};
use crate::{ApiError, AppState, blocking};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use herald_record::Record;
use herald_store::{ActorFilter, ArticleFilter, Page, QuoteFilter, StatementRow};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The largest page of statements a page lists.
const PAGE_MAX_LIMIT: u32 = 100;

/// An error shown as a page (with the status of the problem).
pub struct PageError(ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> Self {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = format!("<h1>{}</h1><p>{}</p><p><a href=\"/\">Back to the start</a></p>", esc(self.0.title), esc(&self.0.detail));
        (self.0.status, Html(page(self.0.title, "", &body))).into_response()
    }
}

type Q = Query<Vec<(String, String)>>;
type PageResult = Result<Html<String>, PageError>;

fn page_of(p: &Params, default: u32) -> Result<Page, ApiError> {
    Ok(Page { limit: p.number("limit", default, 1, PAGE_MAX_LIMIT)?, offset: p.number("offset", 0, 0, 1_000_000)? })
}

/// Links to the previous and next page, keeping the other parameters.
fn pager(path: &str, params: &[(&str, Option<String>)], page: &Page, shown: usize) -> String {
    let mut base = String::new();
    for (k, v) in params {
        if let Some(v) = v {
            let _ = write!(base, "{k}={}&", enc(v));
        }
    }
    let mut out = String::from("<nav class=\"pager\" aria-label=\"Pages\">");
    if page.offset > 0 {
        let prev = page.offset.saturating_sub(page.limit);
        let _ = write!(out, "<a rel=\"prev\" href=\"{path}?{base}limit={}&offset={prev}\">← Previous</a>", page.limit);
    }
    if shown as u32 == page.limit {
        let _ = write!(out, "<a rel=\"next\" href=\"{path}?{base}limit={}&offset={}\">Next →</a>", page.limit, page.offset + page.limit);
    }
    out.push_str("</nav>");
    out
}

fn actor_link(id: i64, name: &str) -> String {
    format!("<a href=\"/actors/{id}\">{}</a>", esc(name))
}

/// One statement as a list item: text, speaker (or why there is none), date, article, how it was
/// found; `data-statement` carries the id the API and CLI use.
fn statement_item(s: &StatementRow, show_speaker: bool) -> String {
    let mut out = format!("<li data-statement=\"{}\">", s.statement_id);
    if s.direct {
        let _ = write!(out, "<span class=\"said direct\">{}</span>", esc(&s.text));
    } else {
        let _ = write!(out, "<span class=\"said indirect\">{}</span>", esc(&s.text));
    }
    if s.variants > 1 {
        let _ =
            write!(out, "<span class=\"variants\" title=\"the same statement in other articles or words\">{} variants</span>", s.variants);
    }
    out.push_str("<div class=\"meta\">");
    if show_speaker {
        match (&s.speaker, s.speaker_actor_id) {
            (Some(name), Some(id)) => {
                let _ = write!(out, "<span class=\"who\">{}</span> · ", actor_link(id, name));
            }
            _ => {
                let why = s.speaker_note.as_deref().unwrap_or("no speaker found");
                let _ = write!(out, "<span class=\"who none\">no speaker: {}</span> · ", esc(why));
            }
        }
    }
    match &s.date {
        Some(d) => {
            let origin = s.date_origin.as_deref().unwrap_or("article");
            let _ = write!(out, "{} · ", time_html(d, &format!("date from the {origin}")));
        }
        None => out.push_str("undated · "),
    }
    if let Some(cue) = &s.cue {
        let _ = write!(out, "cue “{}” · ", esc(cue));
    }
    if s.kind != "speech" {
        let _ = write!(out, "<span class=\"kind\">{}</span> · ", esc(&s.kind));
    }
    let title = s.article_title.as_deref().unwrap_or("untitled article");
    let _ = write!(out, "<a href=\"/articles/{}\">{}</a>", s.article_id, esc(title));
    if let Some(src) = &s.source {
        let _ = write!(out, " · {}", esc(src));
    }
    let _ = write!(out, " · <span class=\"how\">{}</span>{}</div></li>", esc(&s.rule), confidence_html(s.confidence));
    out
}

/// A statement's confidence as a reader needs it: statements under 0.5 are marked uncertain.
fn confidence_html(confidence: Option<f64>) -> String {
    match confidence {
        Some(c) if c < 0.5 => {
            format!(" · <span class=\"uncertain\" title=\"probability that speaker and words are right: {c:.2}\">uncertain ({c:.2})</span>")
        }
        Some(c) => format!(" · <span class=\"how\">confidence {c:.2}</span>"),
        None => String::new(),
    }
}

/// A TimeML value as a `<time>` element a person reads (`2016-09-30 (night)`), the value kept
/// in `datetime` where it is a calendar date.
fn time_html(value: &str, title: &str) -> String {
    let readable = herald_core::readable_time_value(value);
    let machine = value.get(..10).filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-').unwrap_or(value);
    format!("<time datetime=\"{}\" title=\"{}\">{}</time>", esc(machine), esc(title), esc(&readable))
}

fn statement_list(rows: &[StatementRow], show_speaker: bool) -> String {
    if rows.is_empty() {
        return "<p class=\"muted\">No statements.</p>".to_string();
    }
    let mut out = String::from("<ol class=\"statements\">");
    for s in rows {
        out.push_str(&statement_item(s, show_speaker));
    }
    out.push_str("</ol>");
    out
}

pub async fn home(State(s): State<AppState>, Query(q): Q) -> PageResult {
    Params::parse(q, &[])?;
    let (stats, latest, quoted, articles) = blocking(&s, |st| {
        let stats = st.stats()?;
        let latest = st.statements(&QuoteFilter { page: Page { limit: 10, offset: 0 }, dated_only: true, ..QuoteFilter::default() })?;
        let quoted = st.actors(&ActorFilter { by_quotes: true, page: Page { limit: 10, offset: 0 }, ..ActorFilter::default() })?;
        let articles = st.articles(&ArticleFilter { page: Page { limit: 10, offset: 0 }, ..ArticleFilter::default() })?;
        Ok((stats, latest, quoted, articles))
    })
    .await?;
    let mut body = String::from("<h1>The corpus</h1><div class=\"figures\">");
    let span = match (&stats.first_date, &stats.last_date) {
        (Some(a), Some(b)) => format!("{} – {}", esc(a), esc(b)),
        _ => "no dates".to_string(),
    };
    for (label, value) in [
        ("articles", stats.articles.to_string()),
        ("sources", stats.sources.to_string()),
        ("actors", stats.actors.to_string()),
        ("statements", stats.statements.to_string()),
        ("quotes with a speaker", format!("{:.0}%", stats.quotes_with_speaker)),
        ("time expressions", stats.times.to_string()),
    ] {
        let _ = write!(body, "<div><b>{value}</b>{label}</div>");
    }
    let _ = write!(body, "</div><p class=\"muted\">Dated {span}; {} undated articles.</p>", stats.undated_articles);
    body.push_str(
        "<form class=\"filters\" action=\"/search\" method=\"get\" role=\"search\"><label>Search articles and quotes\
<input name=\"q\" type=\"search\" required></label><button type=\"submit\">Search</button></form>",
    );
    body.push_str("<h2>Most-quoted actors</h2>");
    if quoted.is_empty() {
        body.push_str("<p class=\"muted\">No actors yet: ingest articles with <code>herald ingest</code>.</p>");
    } else {
        body.push_str("<div class=\"table-wrap\"><table><thead><tr><th>Actor</th><th>Type</th><th>Statements</th><th>Mentions</th><th>Role</th></tr></thead><tbody>");
        for a in &quoted {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                actor_link(a.id, &a.name),
                esc(&a.kind),
                a.quotes,
                a.mentions,
                esc(a.roles.first().map(String::as_str).unwrap_or(""))
            );
        }
        body.push_str("</tbody></table></div>");
    }
    body.push_str("<h2>Latest statements</h2>");
    body.push_str(&statement_list(&latest, true));
    body.push_str("<p><a href=\"/quotes\">All statements →</a></p><h2>Latest articles</h2><ul>");
    for a in &articles {
        let _ = write!(
            body,
            "<li><a href=\"/articles/{}\">{}</a> <span class=\"meta\">{} · {} · {} quotes</span></li>",
            a.id,
            esc(a.title.as_deref().unwrap_or(&a.ext_id)),
            esc(a.date.as_deref().unwrap_or("undated")),
            esc(a.source.as_deref().unwrap_or("unknown source")),
            a.quotes
        );
    }
    body.push_str("</ul>");
    Ok(Html(page("Corpus", "/", &body)))
}

/// One annotation over a range of code points of the article.
struct Mark {
    start: usize,
    end: usize,
    /// Nesting order: lower opens first (outside).
    layer: u8,
    open: String,
    close: &'static str,
}

/// Renders `text[from..to]` (code points) with the marks, nesting them properly: the range is
/// cut at every mark boundary and each piece opens and closes the marks covering it, so
/// overlapping facts (a name inside a quote, a cue between two quote pieces) stay well-formed.
fn render_marked(chars: &[char], from: usize, to: usize, marks: &[Mark], out: &mut String) {
    let mut cuts: Vec<usize> = vec![from, to];
    for m in marks {
        if m.end > from && m.start < to {
            cuts.push(m.start.clamp(from, to));
            cuts.push(m.end.clamp(from, to));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut text = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let mut covering: Vec<&Mark> = marks.iter().filter(|m| m.start <= a && m.end >= b).collect();
        covering.sort_by_key(|m| m.layer);
        for m in &covering {
            out.push_str(&m.open);
        }
        text.clear();
        text.extend(&chars[a..b]);
        out.push_str(&esc(&text));
        for m in covering.iter().rev() {
            out.push_str(m.close);
        }
    }
}

fn quote_title(q: &herald_record::QuoteRecord) -> String {
    let speaker = match &q.speaker {
        Some(sp) => format!("Speaker: {}", sp.name.as_deref().unwrap_or(&sp.text)),
        None => format!("No speaker: {}", q.speaker_note.as_deref().unwrap_or("none found")),
    };
    let date = match &q.date {
        Some(d) => format!("said {} (date from the {})", herald_core::readable_time_value(&d.value), d.origin),
        None => "undated".to_string(),
    };
    let conf = match q.provenance.confidence {
        Some(c) if c < 0.5 => format!(" · uncertain ({c:.2})"),
        Some(c) => format!(" · confidence {c:.2}"),
        None => String::new(),
    };
    format!("{speaker} · {} · {date} · {} / {}{conf}", q.kind, q.provenance.stage, q.provenance.rule)
}

pub async fn article(State(s): State<AppState>, Path(id): Path<String>, Query(q): Q) -> PageResult {
    Params::parse(q, &[])?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError::bad_request(format!("article id must be a positive whole number (got {id:?})")))?;
    let detail = blocking(&s, move |st| Ok(st.article(id)?)).await?;
    let text = detail.record["text"].as_str().unwrap_or("").to_string();
    let record: Record = serde_json::from_value(detail.record).map_err(|e| ApiError::internal(format!("stored record unreadable: {e}")))?;
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let clamp = |start: u32, end: u32| -> Option<(usize, usize)> {
        let (s, e) = (start as usize, (end as usize).min(n));
        (s < e).then_some((s, e))
    };

    let mut marks = Vec::new();
    for q in &record.quotes {
        let title = esc(&quote_title(q));
        let speaker = q.speaker.as_ref().and_then(|s| s.name.clone()).unwrap_or_default();
        for c in &q.content {
            if let Some((s, e)) = clamp(c.start, c.end) {
                marks.push(Mark {
                    start: s,
                    end: e,
                    layer: 0,
                    open: format!(
                        "<span class=\"quote-content\" data-quote=\"{}\" data-speaker=\"{}\" data-direct=\"{}\" title=\"{title}\" tabindex=\"0\">",
                        esc(&q.id),
                        esc(&speaker),
                        q.direct
                    ),
                    close: "</span>",
                });
            }
        }
        // Cue and speaker: `(start, end, class, title prefix)`.
        let parts =
            [q.cue.as_ref().map(|c| (c.start, c.end, "cue", "cue of ")), q.speaker.as_ref().map(|sp| (sp.start, sp.end, "speaker", ""))];
        for (start, end, class, prefix) in parts.into_iter().flatten() {
            if let Some((s, e)) = clamp(start, end) {
                let open = format!("<span class=\"{class}\" data-quote=\"{}\" title=\"{prefix}{title}\">", esc(&q.id));
                marks.push(Mark { start: s, end: e, layer: 1, open, close: "</span>" });
            }
        }
    }
    for ent in &record.entities {
        let actor = detail.entity_actors.get(&ent.id).copied();
        for m in &ent.mentions {
            if m.kind != "name" {
                continue;
            }
            if let Some((s, e)) = clamp(m.start, m.end) {
                let kind = esc(&ent.kind);
                let title = esc(&format!("{} · {} · {} / {}", ent.name, ent.kind, m.provenance.stage, m.provenance.rule));
                let (open, close) = match actor {
                    Some(a) => (
                        format!("<a class=\"ent ent-{kind}\" href=\"/actors/{a}\" data-entity=\"{}\" title=\"{title}\">", esc(&ent.id)),
                        "</a>",
                    ),
                    None => (format!("<span class=\"ent ent-{kind}\" data-entity=\"{}\" title=\"{title}\">", esc(&ent.id)), "</span>"),
                };
                marks.push(Mark { start: s, end: e, layer: 2, open, close });
            }
        }
    }
    for t in &record.times {
        if let Some((s, e)) = clamp(t.start, t.end) {
            let title = esc(&format!(
                "{} = {} · {} / {}",
                t.kind,
                t.value.as_deref().unwrap_or("unresolved"),
                t.provenance.stage,
                t.provenance.rule
            ));
            marks.push(Mark { start: s, end: e, layer: 3, open: format!("<span class=\"timex\" title=\"{title}\">"), close: "</span>" });
        }
    }

    let a = &record.article;
    let title = a.title.clone().unwrap_or_else(|| a.id.clone());
    let mut body = format!("<h1>{}</h1><p class=\"meta\">", esc(&title));
    match &a.date {
        Some(d) => {
            let _ =
                write!(body, "<time datetime=\"{0}\">{0}</time> (date from the {1})", esc(d), esc(a.date_origin.as_deref().unwrap_or("?")));
        }
        None => {
            let _ = write!(body, "undated: {}", esc(a.date_note.as_deref().unwrap_or("no date found")));
        }
    }
    if let Some(src) = &a.source {
        let _ = write!(body, " · {}", esc(src));
    }
    let _ = write!(body, " · <a href=\"/api/v1/articles/{id}\">record as JSON</a></p>");
    body.push_str(
        "<p class=\"legend\"><span class=\"quote-content\">quote</span><span class=\"cue\">cue</span><span class=\"speaker\">speaker</span>\
<span class=\"ent ent-PERSON\">person</span><span class=\"ent ent-ORG\">organisation</span><span class=\"ent ent-GPE\">place (GPE)</span>\
<span class=\"ent ent-NORP\">group (NORP)</span><span class=\"ent ent-MISC\">other</span><span class=\"timex\">time</span></p>",
    );
    body.push_str("<div class=\"article-layout\"><article class=\"text\">");
    let paragraphs: Vec<(usize, usize)> =
        if record.paragraphs.is_empty() { vec![(0, n)] } else { record.paragraphs.iter().filter_map(|p| clamp(p.start, p.end)).collect() };
    for (s, e) in paragraphs {
        body.push_str("<p>");
        render_marked(&chars, s, e, &marks, &mut body);
        body.push_str("</p>");
    }
    body.push_str("</article><aside class=\"facts\">");
    let _ = write!(body, "<h2>Statements ({})</h2><ol class=\"statements\">", record.quotes.len());
    for q in &record.quotes {
        let _ = write!(body, "<li data-quote=\"{}\" id=\"quote-{}\" tabindex=\"0\">", esc(&q.id), esc(&q.id));
        if q.direct {
            let _ = write!(body, "<span class=\"said direct\">{}</span>", esc(&q.text));
        } else {
            let _ = write!(body, "<span class=\"said indirect\">{}</span>", esc(&q.text));
        }
        body.push_str("<div class=\"meta\">");
        match &q.speaker {
            Some(sp) => {
                let name = sp.name.clone().unwrap_or_else(|| sp.text.clone());
                let actor = sp.entity.as_ref().and_then(|e| detail.entity_actors.get(e)).copied();
                match actor {
                    Some(aid) => {
                        let _ = write!(body, "<span class=\"who\">{}</span>", actor_link(aid, &name));
                    }
                    None => {
                        let _ = write!(body, "<span class=\"who\">{}</span>", esc(&name));
                    }
                }
            }
            None => {
                let _ =
                    write!(body, "<span class=\"who none\">no speaker: {}</span>", esc(q.speaker_note.as_deref().unwrap_or("none found")));
            }
        }
        if let Some(c) = &q.cue {
            let _ = write!(body, " · cue “{}”", esc(&c.text));
        }
        if let Some(d) = &q.date {
            let _ = write!(body, " · {}", time_html(&d.value, &format!("date from the {}", d.origin)));
        }
        let _ = write!(body, " · {}", if q.direct { "direct" } else { "indirect" });
        if q.kind != "speech" {
            let _ = write!(body, " · <span class=\"kind\">{}</span>", esc(&q.kind));
        }
        let _ = write!(
            body,
            " · <span class=\"how\">{}</span>{}</div></li>",
            esc(&q.provenance.rule),
            confidence_html(q.provenance.confidence.map(f64::from))
        );
    }
    body.push_str("</ol><h2>Actors</h2><ul class=\"entities\">");
    let mut entities: Vec<_> = record.entities.iter().filter(|e| !e.mentions.is_empty()).collect();
    entities.sort_by(|a, b| b.mentions.len().cmp(&a.mentions.len()).then_with(|| a.name.cmp(&b.name)));
    for e in entities {
        let name = match detail.entity_actors.get(&e.id) {
            Some(aid) => actor_link(*aid, &e.name),
            None => esc(&e.name),
        };
        let role = e.roles.iter().find_map(|r| r.title.clone()).map(|t| format!(", {}", esc(&t))).unwrap_or_default();
        let _ = write!(
            body,
            "<li><span class=\"ent ent-{}\">{name}</span>{role} <span class=\"meta\">{} · {} mentions</span></li>",
            esc(&e.kind),
            esc(&e.kind),
            e.mentions.len()
        );
    }
    body.push_str("</ul>");
    if !record.times.is_empty() {
        body.push_str("<h2>Times</h2><ul class=\"times\">");
        for t in &record.times {
            let _ = write!(
                body,
                "<li>“{}” <span class=\"meta\">{} {}</span></li>",
                esc(&t.text),
                esc(&t.kind),
                esc(t.value.as_deref().unwrap_or("unresolved"))
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</aside></div>");
    Ok(Html(page(&title, "", &body)))
}

pub async fn actor(State(s): State<AppState>, Path(id): Path<String>, Query(q): Q) -> PageResult {
    let p = Params::parse(q, &["limit", "offset"])?;
    let id = id
        .parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or_else(|| ApiError::bad_request(format!("actor id must be a positive whole number (got {id:?})")))?;
    let pg = page_of(&p, 20)?;
    let pg2 = pg.clone();
    let (detail, months, variants) = blocking(&s, move |st| {
        let detail = st.actor(&id.to_string(), &pg2)?;
        let months = st.statement_months(&QuoteFilter { speaker: Some(id.to_string()), ..QuoteFilter::default() })?;
        let mut variants = BTreeMap::new();
        for row in detail.statements.iter().filter(|r| r.variants > 1) {
            variants.insert(row.statement_id, st.variants(row.statement_id)?);
        }
        Ok((detail, months, variants))
    })
    .await?;
    let a = &detail.actor;
    let mut body = format!(
        "<h1>{}</h1><p class=\"meta\">{} · {} mentions in {} articles · {} statements",
        esc(&a.name),
        esc(&a.kind),
        a.mentions,
        a.articles,
        a.quotes
    );
    if let (Some(f), Some(l)) = (&a.first_date, &a.last_date) {
        let _ = write!(body, " · seen {} – {}", esc(f), esc(l));
    }
    let _ = write!(body, " · <a href=\"/api/v1/actors/{}\">as JSON</a> · <a href=\"/timeline?actor={}\">timeline</a></p>", a.id, a.id);
    body.push_str("<h2>Also called</h2>");
    if detail.aliases.is_empty() {
        body.push_str("<p class=\"muted\">No other names.</p>");
    } else {
        body.push_str("<ul class=\"aliases\">");
        for (alias, n) in &detail.aliases {
            let _ = write!(body, "<li>{} <span class=\"meta\">×{n}</span></li>", esc(alias));
        }
        body.push_str("</ul>");
    }
    body.push_str("<h2>Roles</h2>");
    if detail.roles.is_empty() {
        body.push_str("<p class=\"muted\">No roles found.</p>");
    } else {
        body.push_str("<div class=\"table-wrap\"><table><thead><tr><th>Role</th><th>Of</th><th>Seen</th><th>From</th><th>To</th><th>Evidence</th></tr></thead><tbody>");
        for r in &detail.roles {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"/articles/{}\">“{}”</a></td></tr>",
                esc(r.title.as_deref().unwrap_or("")),
                esc(r.of.as_deref().unwrap_or("")),
                r.times,
                esc(r.first_date.as_deref().unwrap_or("")),
                esc(r.last_date.as_deref().unwrap_or("")),
                r.evidence.article_id,
                esc(&r.evidence.text)
            );
        }
        body.push_str("</tbody></table></div>");
    }
    body.push_str("<h2>Statements by month</h2>");
    body.push_str(&month_chart(&months, &format!("statements by {} per month", a.name)));
    body.push_str("<h2>Statements</h2><ol class=\"statements\">");
    for row in &detail.statements {
        let mut item = statement_item(row, false);
        if let Some(vs) = variants.get(&row.statement_id) {
            let mut extra = String::from("<details><summary>Variants</summary><ul>");
            for v in vs {
                let _ = write!(
                    extra,
                    "<li>“{}” <span class=\"meta\"><a href=\"/articles/{}\">{}</a> {}</span></li>",
                    esc(&v.text),
                    v.article_id,
                    esc(v.article_title.as_deref().unwrap_or("article")),
                    esc(v.date.as_deref().unwrap_or(""))
                );
            }
            extra.push_str("</ul></details></li>");
            item.truncate(item.len() - "</li>".len());
            item.push_str(&extra);
        }
        body.push_str(&item);
    }
    if detail.statements.is_empty() {
        body.push_str("<li class=\"muted\">No statements on this page.</li>");
    }
    body.push_str("</ol>");
    body.push_str(&pager(&format!("/actors/{}", a.id), &[], &pg, detail.statements.len()));
    body.push_str("<h2>Most often alongside</h2>");
    if detail.co_actors.is_empty() {
        body.push_str("<p class=\"muted\">No other actor shares an article.</p>");
    } else {
        body.push_str("<ul class=\"co-actors\">");
        for c in &detail.co_actors {
            let _ = write!(
                body,
                "<li>{} <span class=\"meta\">{} · {} shared articles · <a href=\"/network?a={}&b={}&kind=co-occurrence\">why</a></span></li>",
                actor_link(c.id, &c.name),
                esc(&c.kind),
                c.articles,
                a.id,
                c.id
            );
        }
        body.push_str("</ul>");
    }
    Ok(Html(page(&a.name, "", &body)))
}

fn text_input(name: &str, label: &str, value: &Option<String>, kind: &str) -> String {
    format!("<label>{label}<input name=\"{name}\" type=\"{kind}\" value=\"{}\"></label>", esc(value.as_deref().unwrap_or("")))
}

pub async fn quotes(State(s): State<AppState>, Query(q): Q) -> PageResult {
    let p = Params::parse(q, &["speaker", "about", "since", "until", "direct", "kind", "limit", "offset"])?;
    let mut filter = quote_filter(&p, "speaker", "about")?;
    filter.page = page_of(&p, 20)?;
    let f2 = filter.clone();
    let rows = blocking(&s, move |st| Ok(st.statements(&f2)?)).await?;
    let mut body = String::from("<h1>Statements</h1><form class=\"filters\" action=\"/quotes\" method=\"get\">");
    body.push_str(&text_input("speaker", "Speaker", &filter.speaker, "text"));
    body.push_str(&text_input("about", "Words", &filter.about, "search"));
    body.push_str(&text_input("since", "Since (YYYY-MM-DD)", &filter.since, "text"));
    body.push_str(&text_input("until", "Until", &filter.until, "text"));
    let _ = write!(
        body,
        "<label class=\"check\"><span>Direct only</span><input name=\"direct\" type=\"checkbox\" value=\"true\"{}></label><button type=\"submit\">Filter</button></form>",
        if filter.direct_only { " checked" } else { "" }
    );
    body.push_str(&statement_list(&rows, true));
    let direct = filter.direct_only.then(|| "true".to_string());
    body.push_str(&pager(
        "/quotes",
        &[
            ("speaker", filter.speaker.clone()),
            ("about", filter.about.clone()),
            ("since", filter.since.clone()),
            ("until", filter.until.clone()),
            ("direct", direct),
        ],
        &filter.page,
        rows.len(),
    ));
    Ok(Html(page("Statements", "/quotes", &body)))
}

pub async fn timeline(State(s): State<AppState>, Query(q): Q) -> PageResult {
    let p = Params::parse(q, &["actor", "q", "since", "until", "kind", "limit", "offset"])?;
    let mut filter = quote_filter(&p, "actor", "q")?;
    filter.oldest_first = true;
    filter.dated_only = true;
    filter.page = page_of(&p, 50)?;
    let f2 = filter.clone();
    let (rows, months, who) = blocking(&s, move |st| {
        let rows = st.statements(&f2)?;
        let months = st.statement_months(&f2)?;
        let who = match &f2.speaker {
            Some(name) => match st.resolve_actor(name)? {
                Some(id) => st.actor_summaries(&[id])?.pop(),
                None => None,
            },
            None => None,
        };
        Ok((rows, months, who))
    })
    .await?;
    let heading = match (&who, &filter.about) {
        (Some(a), Some(w)) => format!("Timeline of {} on “{}”", esc(&a.name), esc(w)),
        (Some(a), None) => format!("Timeline of {}", esc(&a.name)),
        (None, Some(w)) => format!("Timeline of “{}”", esc(w)),
        (None, None) => "Timeline of all dated statements".to_string(),
    };
    let mut body = format!("<h1>{heading}</h1><form class=\"filters\" action=\"/timeline\" method=\"get\">");
    body.push_str(&text_input("actor", "Actor", &filter.speaker, "text"));
    body.push_str(&text_input("q", "Words", &filter.about, "search"));
    body.push_str(&text_input("since", "Since", &filter.since, "text"));
    body.push_str(&text_input("until", "Until", &filter.until, "text"));
    body.push_str("<button type=\"submit\">Show</button></form>");
    body.push_str(&month_chart(&months, "dated statements per month"));
    body.push_str(&statement_list(&rows, true));
    body.push_str(&pager(
        "/timeline",
        &[("actor", filter.speaker.clone()), ("q", filter.about.clone()), ("since", filter.since.clone()), ("until", filter.until.clone())],
        &filter.page,
        rows.len(),
    ));
    Ok(Html(page("Timeline", "/timeline", &body)))
}

pub async fn network(State(s): State<AppState>, Query(q): Q) -> PageResult {
    let p = Params::parse(q, &["min_articles", "limit", "a", "b", "kind"])?;
    let min = i64::from(p.number("min_articles", 2, 1, 100_000)?);
    let limit = p.number("limit", 40, 1, 100)?;
    let pair = match (p.text("a")?, p.text("b")?) {
        (Some(_), Some(_)) => Some((i64::from(p.number("a", 1, 1, u32::MAX)?), i64::from(p.number("b", 1, 1, u32::MAX)?))),
        (None, None) => None,
        _ => return Err(ApiError::bad_request("give both 'a' and 'b' (actor ids) to see an edge's evidence").into()),
    };
    let kind = edge_kind(&p)?;
    let kind2 = kind.clone();
    let (net, evidence) = blocking(&s, move |st| {
        let net = network_json(st, min, &Page { limit, offset: 0 })?;
        let evidence = match pair {
            Some((a, b)) => {
                let found = st.actor_summaries(&[a, b])?;
                if found.len() != 2 {
                    return Err(ApiError::not_found(format!("no actor {a} or no actor {b}")));
                }
                let names = [found[0].name.clone(), found[1].name.clone()];
                Some((names, st.edge_evidence(a, b, &kind2, &Page { limit: 20, offset: 0 })?))
            }
            None => None,
        };
        Ok((net, evidence))
    })
    .await?;
    let nodes = net["nodes"].as_array().cloned().unwrap_or_default();
    let edges = net["edges"].as_array().cloned().unwrap_or_default();
    let mut body = String::from(
        "<h1>Network</h1><p class=\"muted\">People and organisations linked when they share articles (grey) or when one speaks \
about the other (orange). Each line and each row below opens the sentences behind it.</p>",
    );
    let _ = write!(
        body,
        "<form class=\"filters\" action=\"/network\" method=\"get\"><label>At least this many shared articles<input name=\"min_articles\" type=\"number\" min=\"1\" value=\"{min}\"></label>\
<label>Edges<input name=\"limit\" type=\"number\" min=\"1\" max=\"100\" value=\"{limit}\"></label><button type=\"submit\">Draw</button></form>"
    );
    if let Some(([an, bn], rows)) = &evidence {
        let _ = write!(body, "<section id=\"evidence\"><h2>Why {} – {} ({})</h2>", esc(an), esc(bn), esc(&kind));
        if rows.is_empty() {
            body.push_str("<p class=\"muted\">No evidence.</p>");
        }
        body.push_str("<ol class=\"statements\">");
        for r in rows {
            let _ = write!(
                body,
                "<li>{}<div class=\"meta\"><a href=\"/articles/{}\">{}</a></div></li>",
                esc(&r.text),
                r.article_id,
                esc(r.title.as_deref().unwrap_or("article"))
            );
        }
        body.push_str("</ol></section>");
    }
    if nodes.is_empty() {
        body.push_str("<p class=\"muted\">No links at this threshold.</p>");
        return Ok(Html(page("Network", "/network", &body)));
    }
    // Nodes on a circle, ordered by id so the drawing is stable between visits.
    let (w, h, r) = (1000.0_f64, 660.0_f64, 270.0_f64);
    let mut pos = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        let angle = std::f64::consts::TAU * i as f64 / nodes.len() as f64 - std::f64::consts::FRAC_PI_2;
        pos.insert(node["id"].as_i64().unwrap_or(0), (w / 2.0 + r * angle.cos(), h / 2.0 + r * angle.sin(), angle));
    }
    let name_of = |id: i64| nodes.iter().find(|n| n["id"].as_i64() == Some(id)).and_then(|n| n["name"].as_str()).unwrap_or("?").to_string();
    let _ = write!(body, "<figure class=\"network\"><svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"actor network\">");
    let max_w = edges.iter().filter_map(|e| e["weight"].as_i64()).max().unwrap_or(1).max(1) as f64;
    for e in &edges {
        let (a, b, kind, weight) = (
            e["source"].as_i64().unwrap_or(0),
            e["target"].as_i64().unwrap_or(0),
            e["kind"].as_str().unwrap_or(""),
            e["weight"].as_i64().unwrap_or(0),
        );
        let (Some(pa), Some(pb)) = (pos.get(&a), pos.get(&b)) else { continue };
        let class = if kind == "speaks-about" { " class=\"speaks\"" } else { "" };
        let verb = if kind == "speaks-about" { "speaks about" } else { "shares articles with" };
        let _ = write!(
            body,
            "<a href=\"/network?a={a}&b={b}&kind={kind}#evidence\"><title>{} {verb} {} ({weight})</title><line{class} x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\"{:.1}\"></line></a>",
            esc(&name_of(a)),
            esc(&name_of(b)),
            pa.0,
            pa.1,
            pb.0,
            pb.1,
            1.0 + 5.0 * weight as f64 / max_w
        );
    }
    for n in &nodes {
        let id = n["id"].as_i64().unwrap_or(0);
        let (x, y, angle) = pos[&id];
        let name = n["name"].as_str().unwrap_or("");
        let kind = n["type"].as_str().unwrap_or("");
        let (tx, anchor) = if angle.cos() >= 0.0 { (x + 9.0, "start") } else { (x - 9.0, "end") };
        let _ = write!(
            body,
            "<a href=\"/actors/{id}\"><circle class=\"{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"6\"></circle><text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
            esc(kind),
            y + 4.0,
            esc(&short_label(name))
        );
    }
    body.push_str("</svg></figure><h2>Links</h2><div class=\"table-wrap\"><table><thead><tr><th>Actor</th><th>Link</th><th>Actor</th><th>Weight</th><th></th></tr></thead><tbody>");
    for e in &edges {
        let (a, b, kind, weight) = (
            e["source"].as_i64().unwrap_or(0),
            e["target"].as_i64().unwrap_or(0),
            e["kind"].as_str().unwrap_or(""),
            e["weight"].as_i64().unwrap_or(0),
        );
        let verb = if kind == "speaks-about" { "speaks about" } else { "shares articles with" };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{verb}</td><td>{}</td><td>{weight}</td><td><a class=\"edge\" href=\"/network?a={a}&b={b}&kind={kind}#evidence\">evidence</a></td></tr>",
            actor_link(a, &name_of(a)),
            actor_link(b, &name_of(b))
        );
    }
    body.push_str("</tbody></table></div>");
    Ok(Html(page("Network", "/network", &body)))
}

/// A node label of at most 26 characters (the full name is on the actor page and in the table).
fn short_label(name: &str) -> String {
    if name.chars().count() <= 26 { name.to_string() } else { format!("{}…", name.chars().take(25).collect::<String>().trim_end()) }
}

/// Marks the `[…]` highlights of a search snippet (already plain text) as `<mark>`.
/// Brackets pair up in order; a stray one stays text, so the markup is always balanced.
fn snippet_html(snippet: &str) -> String {
    let mut out = String::with_capacity(snippet.len() + 16);
    let mut open = false;
    let mut buf = [0u8; 4];
    for c in snippet.chars() {
        match c {
            '[' if !open => {
                out.push_str("<mark>");
                open = true;
            }
            ']' if open => {
                out.push_str("</mark>");
                open = false;
            }
            _ => out.push_str(&esc(c.encode_utf8(&mut buf))),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

pub async fn search(State(s): State<AppState>, Query(q): Q) -> PageResult {
    let p = Params::parse(q, &["q", "limit", "offset"])?;
    let words = p.text("q")?;
    let pg = page_of(&p, 20)?;
    let mut body = String::from("<h1>Search</h1>");
    let _ = write!(
        body,
        "<form class=\"filters\" action=\"/search\" method=\"get\" role=\"search\">{}<button type=\"submit\">Search</button></form>",
        text_input("q", "Words", &words, "search")
    );
    let Some(words) = words else {
        body.push_str("<p class=\"muted\">Type words to find the articles and statements that contain them.</p>");
        return Ok(Html(page("Search", "", &body)));
    };
    let (w2, pg2) = (words.clone(), pg.clone());
    let hits = blocking(&s, move |st| Ok(st.search(&w2, &pg2)?)).await?;
    if hits.is_empty() {
        let _ = write!(body, "<p class=\"muted\">Nothing matches “{}”.</p>", esc(&words));
    }
    body.push_str("<ol class=\"statements\">");
    for h in &hits {
        let _ = write!(
            body,
            "<li class=\"hit-{}\">{}<div class=\"meta\">{} in <a href=\"/articles/{}\">{}</a></div></li>",
            esc(&h.kind),
            snippet_html(&h.snippet),
            if h.kind == "quote" { "statement" } else { "article" },
            h.article_id,
            esc(h.title.as_deref().unwrap_or("article"))
        );
    }
    body.push_str("</ol>");
    body.push_str(&pager("/search", &[("q", Some(words.clone()))], &pg, hits.len()));
    Ok(Html(page(&format!("Search: {words}"), "", &body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_marks_stay_well_formed() {
        let chars: Vec<char> = "ab<cd>ef".chars().collect();
        let marks = vec![
            Mark { start: 0, end: 5, layer: 0, open: "<q>".into(), close: "</q>" },
            Mark { start: 3, end: 8, layer: 2, open: "<e>".into(), close: "</e>" },
        ];
        let mut out = String::new();
        render_marked(&chars, 0, 8, &marks, &mut out);
        assert_eq!(out, "<q>ab&lt;</q><q><e>cd</e></q><e>&gt;ef</e>");
    }

    #[test]
    fn marks_outside_or_past_the_text_are_clipped() {
        let chars: Vec<char> = "héllo".chars().collect();
        let marks = vec![Mark { start: 1, end: 99, layer: 0, open: "<i>".into(), close: "</i>" }];
        let mut out = String::new();
        render_marked(&chars, 0, 5, &marks, &mut out);
        assert_eq!(out, "h<i>éllo</i>");
    }

    #[test]
    fn snippets_escape_before_marking() {
        assert_eq!(snippet_html("<b>[war]</b>"), "&lt;b&gt;<mark>war</mark>&lt;/b&gt;");
        assert_eq!(snippet_html("a ] b [c"), "a ] b <mark>c</mark>");
    }
}
