//! HTML building blocks shared by every page: escaping, the page shell with its style sheet,
//! and the colour classes of the availability and flagged-fraction scales.

/// Escape text for HTML content and double-quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

/// Escape a path for an `href` or `src`: HTML-escaped, with `%`, `#`, `?` and spaces
/// percent-encoded so that a file name holding them still names the file.
pub fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ' ' => out.push_str("%20"),
            _ => out.push(c),
        }
    }
    escape(&out)
}

/// A whole page: `root` is the relative path from the page to the output folder (`""`, `"../"`,
/// `"../../"`), used for the style sheet.
pub fn page(title: &str, root: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
         <title>{t}</title><link rel=\"stylesheet\" href=\"{root}assets/site.css\"></head>\n<body>\n{body}\n\
         <footer>Made by atmokit; opens from disk, loads nothing from the network.</footer>\n</body></html>\n",
        t = escape(title),
    )
}

/// Colour class (`a0` … `a5`) of a valid fraction: `a0` no data, then < 50 %, < 90 %, < 99 %,
/// < 100 %, and complete.
pub fn valid_class(fraction: f64) -> &'static str {
    match fraction {
        f if f <= 0.0 => "a0",
        f if f < 0.5 => "a1",
        f if f < 0.9 => "a2",
        f if f < 0.99 => "a3",
        f if f < 1.0 => "a4",
        _ => "a5",
    }
}

/// Colour class (`f0` … `f5`) of a flagged fraction: `f0` no QC, then none flagged, < 1 %,
/// < 10 %, < 50 %, and at least half.
pub fn flagged_class(fraction: Option<f64>) -> &'static str {
    match fraction {
        None => "f0",
        Some(f) if f <= 0.0 => "f1",
        Some(f) if f < 0.01 => "f2",
        Some(f) if f < 0.1 => "f3",
        Some(f) if f < 0.5 => "f4",
        Some(_) => "f5",
    }
}

/// Legends of both scales (HTML).
pub fn legends() -> &'static str {
    "<p class=\"legend\">Valid samples: <span class=\"a0\">none / not built</span> <span class=\"a1\">&lt; 50 %</span> \
     <span class=\"a2\">&lt; 90 %</span> <span class=\"a3\">&lt; 99 %</span> <span class=\"a4\">&lt; 100 %</span> \
     <span class=\"a5\">100 %</span> <span class=\"err\">file error</span></p>\n\
     <p class=\"legend\">Flagged Bad/Suspect: <span class=\"f0\">no QC</span> <span class=\"f1\">none</span> \
     <span class=\"f2\">&lt; 1 %</span> <span class=\"f3\">&lt; 10 %</span> <span class=\"f4\">&lt; 50 %</span> \
     <span class=\"f5\">&ge; 50 %</span></p>\n"
}

/// A percentage with one decimal, or "–".
pub fn pct(f: Option<f64>) -> String {
    f.map_or_else(|| "–".to_string(), |f| format!("{:.1} %", 100.0 * f))
}

/// A number for tables: 4 significant digits, or "–".
pub fn num(x: Option<f64>) -> String {
    match x {
        None => "–".to_string(),
        Some(0.0) => "0".to_string(),
        Some(x) if x != 0.0 && (x.abs() >= 1e5 || x.abs() < 1e-3) => format!("{x:.3e}"),
        Some(x) => {
            let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
            format!("{x:.digits$}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_classes() {
        assert_eq!(escape("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&#39;");
        assert_eq!(href("a b/x#1%.png"), "a%20b/x%231%25.png");
        assert_eq!(valid_class(0.0), "a0");
        assert_eq!(valid_class(0.95), "a3");
        assert_eq!(valid_class(1.0), "a5");
        assert_eq!(flagged_class(None), "f0");
        assert_eq!(flagged_class(Some(0.0)), "f1");
        assert_eq!(flagged_class(Some(0.6)), "f5");
        assert_eq!(num(Some(12.3456)), "12.35");
        assert_eq!(num(Some(0.0)), "0");
        assert_eq!(num(Some(-9999.0)), "-9999");
        assert_eq!(pct(Some(0.5)), "50.0 %");
        assert!(page("t<", "../", "b").contains("href=\"../assets/site.css\""));
    }
}
