//! A link checker over a generated site (shared by the tests and the benchmark): every local
//! `href` and `src` names an existing file, no HTML page is over the size limit, and the
//! shortest click path from `index.html` to every day page.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

/// Largest HTML page the site may write.
pub const MAX_PAGE_BYTES: u64 = 300 * 1024;

/// Every `href="…"` and `src="…"` value of an HTML text, unescaped (`&amp;` etc.).
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let Some(j) = rest.find('"') else { break };
            out.push(
                rest[..j]
                    .replace("&quot;", "\"")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"),
            );
            rest = &rest[j..];
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The local file a link of `page` names (`None` for external links and bare fragments).
pub fn target(page: &Path, link: &str) -> Option<PathBuf> {
    if link.is_empty() || link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
        return None;
    }
    let path = link.split(['#', '?']).next().unwrap_or("");
    let mut t = page.parent()?.to_path_buf();
    for part in percent_decode(path).split('/') {
        match part {
            "" | "." => {}
            ".." => {
                t.pop();
            }
            p => t.push(p),
        }
    }
    Some(t)
}

/// All HTML files under `root`.
pub fn html_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Links naming no file: (page, link).
    pub broken: Vec<(PathBuf, String)>,
    /// Pages over [`MAX_PAGE_BYTES`]: (page, bytes).
    pub big: Vec<(PathBuf, u64)>,
    /// HTML pages checked.
    pub pages: usize,
    /// Local links checked.
    pub links: usize,
}

/// Broken links and pages over [`MAX_PAGE_BYTES`] of the site in `root`.
pub fn check(root: &Path) -> Findings {
    let mut f = Findings::default();
    for page in html_files(root) {
        f.pages += 1;
        let size = std::fs::metadata(&page).unwrap().len();
        if size > MAX_PAGE_BYTES {
            f.big.push((page.clone(), size));
        }
        let html = std::fs::read_to_string(&page).unwrap();
        for l in links(&html) {
            if let Some(t) = target(&page, &l) {
                f.links += 1;
                if !t.is_file() {
                    f.broken.push((page.clone(), l));
                }
            }
        }
    }
    f
}

/// Clicks from `root/index.html` to every HTML page reachable through `href`s (breadth-first).
pub fn clicks(root: &Path) -> BTreeMap<PathBuf, usize> {
    let start = root.join("index.html").canonicalize().unwrap();
    let mut seen = BTreeMap::new();
    seen.insert(start.clone(), 0usize);
    let mut queue = VecDeque::from([start]);
    while let Some(page) = queue.pop_front() {
        let depth = seen[&page];
        let Ok(html) = std::fs::read_to_string(&page) else {
            continue;
        };
        let mut rest = html.as_str();
        while let Some(i) = rest.find(" href=\"") {
            rest = &rest[i + 7..];
            let Some(j) = rest.find('"') else { break };
            let link = rest[..j].replace("&amp;", "&");
            rest = &rest[j..];
            if let Some(t) = target(&page, &link)
                && t.extension().is_some_and(|x| x == "html")
                && t.is_file()
            {
                let t = t.canonicalize().unwrap();
                if !seen.contains_key(&t) {
                    seen.insert(t.clone(), depth + 1);
                    queue.push_back(t);
                }
            }
        }
    }
    seen
}
