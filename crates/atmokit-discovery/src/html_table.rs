//! The tables of an HTML page as text cells (what `pandas.read_html` starts from), for the
//! services that answer HTML (IMPROVE's FED data service and site summary pages).
//!
//! A small tolerant scan, not an HTML parser: `<table>` … `</table>` (nested tables are
//! skipped inside their parent), rows `<tr>`, cells `<td>` / `<th>`; a cell's text has its tags
//! removed, the entities `&amp; &lt; &gt; &quot; &#39; &apos; &nbsp;` and numeric `&#N;` /
//! `&#xH;` decoded and runs of white space folded to one space. A first row made only of `<th>`
//! cells is the header. Unclosed elements end at the next row, cell or table boundary.

/// One table: its header row when it has one, and its rows of cell texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HtmlTable {
    /// The `<th>` cells of the first row, if that row has only `<th>` cells.
    pub header: Option<Vec<String>>,
    /// The other rows.
    pub rows: Vec<Vec<String>>,
}

/// Every top-level table of `html`, in page order.
pub(crate) fn html_tables(html: &str) -> Vec<HtmlTable> {
    // ASCII lower-casing keeps byte offsets, so tags are found in `low` and text cut from `html`.
    let low = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_tag(&low, "table", pos) {
        let end = table_end(&low, start);
        out.push(parse_table(&html[start..end], &low[start..end]));
        pos = end;
    }
    out
}

/// Position of the next `<name` followed by `>`, white space or `/`, from `from`.
fn find_tag(low: &str, name: &str, from: usize) -> Option<usize> {
    let pat = format!("<{name}");
    let mut at = from;
    while let Some(i) = low.get(at..)?.find(&pat) {
        let i = at + i;
        match low.as_bytes().get(i + pat.len()) {
            Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/') => return Some(i),
            _ => at = i + pat.len(),
        }
    }
    None
}

/// The end (after `</table>`) of the table opening at `start`, counting nested tables; the
/// end of the page when it is not closed.
fn table_end(low: &str, start: usize) -> usize {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let open = find_tag(low, "table", at);
        let close = low.get(at..).and_then(|s| s.find("</table")).map(|i| at + i);
        match (open, close) {
            (Some(o), Some(c)) if o < c => {
                depth += 1;
                at = o + 6;
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                let after = low[c..].find('>').map_or(low.len(), |i| c + i + 1);
                if depth == 0 {
                    return after;
                }
                at = after;
            }
            (Some(o), None) => {
                depth += 1;
                at = o + 6;
            }
            (None, None) => return low.len(),
        }
    }
}

/// The rows of one table (`html` and `low` cover the same bytes).
fn parse_table(html: &str, low: &str) -> HtmlTable {
    // Inner tables are left out: blank them in the search copy.
    let mut search = low.to_string();
    let mut text = html.to_string();
    if let Some(first_end) = low.find('>') {
        let mut at = first_end;
        while let Some(s) = find_tag(&search, "table", at) {
            let e = table_end(&search, s).min(search.len().saturating_sub("</table>".len()));
            if e <= s || !text.is_char_boundary(e) {
                break;
            }
            // `s` and `e` sit next to ASCII `<` / `>`, so both copies stay valid UTF-8.
            search.replace_range(s..e, &" ".repeat(e - s));
            text.replace_range(s..e, &" ".repeat(e - s));
            at = e;
        }
    }
    let mut rows: Vec<(Vec<String>, bool)> = Vec::new();
    let mut at = 0;
    while let Some(r) = find_tag(&search, "tr", at) {
        let next_row = find_tag(&search, "tr", r + 3).unwrap_or(search.len());
        let row_end = search[r..next_row].find("</tr").map_or(next_row, |i| r + i);
        let mut cells = Vec::new();
        let mut all_th = true;
        let mut c = r + 3;
        loop {
            let td = find_tag(&search[..row_end], "td", c);
            let th = find_tag(&search[..row_end], "th", c);
            let (start, is_th) = match (td, th) {
                (Some(a), Some(b)) if b < a => (b, true),
                (Some(a), _) => (a, false),
                (None, Some(b)) => (b, true),
                (None, None) => break,
            };
            let open_end = search[start..row_end].find('>').map_or(row_end, |i| start + i + 1);
            let next_cell = [
                find_tag(&search[..row_end], "td", open_end),
                find_tag(&search[..row_end], "th", open_end),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(row_end);
            let close = search[open_end..next_cell]
                .find(if is_th { "</th" } else { "</td" })
                .map_or(next_cell, |i| open_end + i);
            cells.push(cell_text(&text[open_end..close]));
            all_th &= is_th;
            c = next_cell;
        }
        if !cells.is_empty() {
            rows.push((cells, all_th));
        }
        at = next_row;
    }
    let header = match rows.first() {
        Some((_, true)) => Some(rows.remove(0).0),
        _ => None,
    };
    HtmlTable {
        header,
        rows: rows.into_iter().map(|(r, _)| r).collect(),
    }
}

/// The text of a cell: tags removed, entities decoded, white space folded.
fn cell_text(inner: &str) -> String {
    let mut text = String::with_capacity(inner.len());
    let mut in_tag = false;
    for ch in inner.chars() {
        match (in_tag, ch) {
            (false, '<') => {
                in_tag = true;
                text.push(' ');
            }
            (true, '>') => in_tag = false,
            (false, c) => text.push(c),
            _ => {}
        }
    }
    let decoded = decode_entities(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `&name;` and `&#N;` / `&#xH;` entities decoded; unknown ones kept as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let semi = tail.find(';').filter(|&j| j <= 10);
        let decoded = semi.and_then(|j| {
            let name = &tail[1..j];
            let ch = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &tail[j + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_rows_cells_and_entities() {
        let page = "<html><TABLE class=x><thead><tr><th>A</th><th>B &amp; C</th></tr></thead>\
                    <tr><td><b>1</b></td><td> two\n words </td></tr><tr><td>3<td>&#x41;&#66;&nbsp;&bogus;</tr>\
                    </table><p>text</p><table><tr><td>k</td><td>v<table><tr><td>inner</td></tr></table></td></tr></table>";
        let t = html_tables(page);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].header, Some(vec!["A".to_string(), "B & C".into()]));
        assert_eq!(t[0].rows, [vec!["1", "two words"], vec!["3", "AB &bogus;"]]);
        assert_eq!(t[1].header, None);
        assert_eq!(t[1].rows, [vec!["k", "v"]]);
    }

    #[test]
    fn damaged_pages_end_without_panic() {
        for page in [
            "<table",
            "<table><tr><td>1",
            "<table><tr><td>&#xFFFFFFFF;</td>",
            "<table><tr><td><table>é",
            "</table><tr>",
            "<tablex>",
        ] {
            let _ = html_tables(page);
        }
        assert_eq!(html_tables("<table><tr><td>1")[0].rows, [vec!["1"]]);
        // Every cut of a page (multi-byte text, nested tables, entities) is scanned.
        let page = "<table><tr><th>é</th><th>b</th></tr><tr><td>ü &amp; <table><tr><td>x</td></tr></table></td>\
                    <td>&#233;</td></tr></table><table><tr><td>°C</td></tr></table>";
        for (i, _) in page.char_indices() {
            let _ = html_tables(&page[..i]);
            let _ = html_tables(&page[i..]);
        }
        assert_eq!(html_tables(page)[0].rows, [vec!["ü &", "é"]]);
    }
}
