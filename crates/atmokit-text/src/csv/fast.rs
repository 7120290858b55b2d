//! The numeric fast path of [`read_csv`](super::read_csv): files whose every field is a plain
//! decimal number (or, in a `date_time` column, an ISO date-time) are parsed straight into the
//! Dataset's columns, in parallel over line-aligned chunks, with no intermediate DataFrame.
//!
//! The grammar it takes is deliberately narrow: `-?digits[.digits][(e|E)[+-]digits]` for numbers,
//! `YYYY-MM-DD[ T]HH:MM:SS[.f][Z]` for `date_time`, one-byte separator, no quotes, no blank or
//! empty fields, `\n` or `\r\n` line ends. Anything else (text, missing values, ragged rows...)
//! makes [`try_read`] return `None` and the general polars path reads the file, so the result
//! never depends on which path ran: the same names, dtypes (`int64` when every field of a
//! column is an integer, else `float64`, as polars and pandas infer) and bit-identical values
//! (the tests compare the two paths on random files).
//!
//! Numbers use Clinger's exact fast path — a mantissa below 2^53 times or divided by an exact
//! power of ten up to 10^22 is one correctly rounded IEEE operation (W. D. Clinger, "How to read
//! floating point numbers accurately", PLDI 1990) — and Rust's own correctly rounded parser for
//! the rest, so every value equals `str::parse::<f64>`.

use atmokit_core::{Dataset, Variable};

/// Exact powers of ten representable in f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// Largest mantissa the fast path multiplies exactly (2^53).
const MAX_EXACT: u64 = 1 << 53;

/// Files smaller than this are parsed on one thread.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// What a column holds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The `date_time` column: becomes `time`.
    Time,
    /// A number column.
    Num,
    /// A text column (its first field is not number-like).
    Text,
    /// A column dropped from the result (a file's own `time` next to `date_time`).
    Skip,
}

/// A parsed number: value, whether it was written as an integer, whether that integer is
/// too large to be carried exactly through f64.
struct Num {
    value: f64,
    integer: bool,
    big: bool,
}

/// Eight bytes of `b` from `i`, little-endian (byte `i` lowest), zero-padded past the end.
#[inline]
fn load8(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(s) => u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]]),
        None => {
            let mut buf = [0u8; 8];
            let tail = b.get(i..).unwrap_or(&[]);
            buf[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(buf)
        }
    }
}

/// How many of the eight bytes in `x` (lowest first) are ASCII digits before the first other
/// byte. A byte is a digit when its high nibble is 3 and adding 6 keeps it so; the carry a
/// byte ≥ 0xFA sends upward only touches bytes after it, which do not count.
#[inline]
fn digit_prefix(x: u64) -> usize {
    const HI: u64 = 0xF0F0_F0F0_F0F0_F0F0;
    const THREES: u64 = 0x3030_3030_3030_3030;
    let bad = ((x & HI) ^ THREES) | ((x.wrapping_add(0x0606_0606_0606_0606) & HI) ^ THREES);
    (bad.trailing_zeros() / 8) as usize
}

/// The value of the first `n` (1..=8) digit bytes of `x`, in three multiplications (the SWAR
/// method of simdjson's `parse_eight_digits_unrolled`).
#[inline]
fn digits_value(x: u64, n: usize) -> u64 {
    // Digits to the top, zeros (leading zero digits) below; the lowest byte is most significant.
    let v = x.wrapping_sub(0x3030_3030_3030_3030) << (8 * (8 - n));
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    let lo = (v & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32));
    let hi = ((v >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32));
    lo.wrapping_add(hi) >> 32
}

/// Read the run of digits at `b[*i..]` into `m` (`m·10^k + digits`), advancing `*i`; returns
/// how many digits there were. Past 19 digits `m` is meaningless (the caller re-parses).
#[inline]
fn digit_run(b: &[u8], i: &mut usize, m: &mut u64) -> usize {
    let mut count = 0;
    loop {
        let x = load8(b, *i);
        let n = digit_prefix(x);
        if n == 0 {
            return count;
        }
        *m = m.wrapping_mul(POW10_U64[n]).wrapping_add(digits_value(x, n));
        *i += n;
        count += n;
        if n < 8 {
            return count;
        }
    }
}

/// 10^k for k in 0..=8.
const POW10_U64: [u64; 9] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/// Parse the number starting at `b[i]`; returns it and the index just past it.
#[inline]
fn parse_number(b: &[u8], mut i: usize) -> Option<(Num, usize)> {
    let start = i;
    let neg = b.get(i) == Some(&b'-');
    if neg {
        i += 1;
    }
    let mut m: u64 = 0;
    let int_digits = digit_run(b, &mut i, &mut m);
    if int_digits == 0 {
        return None;
    }
    let mut frac_digits = 0usize;
    let mut integer = true;
    if b.get(i) == Some(&b'.') {
        integer = false;
        i += 1;
        frac_digits = digit_run(b, &mut i, &mut m);
        if frac_digits == 0 {
            return None;
        }
    }
    let mut exp: i64 = 0;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        integer = false;
        i += 1;
        let eneg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let mut e = 0u64;
        let n = digit_run(b, &mut i, &mut e);
        if n == 0 || n > 6 {
            return None;
        }
        exp = if eneg { -(e as i64) } else { e as i64 };
    }
    let digits = int_digits + frac_digits;
    let e10 = exp - frac_digits as i64;
    let big = integer && (digits > 19 || m > MAX_EXACT);
    let value = if digits <= 19 && m <= MAX_EXACT && (-22..=22).contains(&e10) {
        // m <= 2^53 fits i64, whose conversion is one instruction.
        let v = m as i64 as f64;
        let v = if e10 >= 0 {
            v * POW10[e10 as usize]
        } else {
            v / POW10[(-e10) as usize]
        };
        if neg { -v } else { v }
    } else {
        // Rare: many digits or a large exponent; the standard library rounds correctly.
        std::str::from_utf8(&b[start..i]).ok()?.parse::<f64>().ok()?
    };
    Some((Num { value, integer, big }, i))
}

/// Parse `YYYY-MM-DD[ T]HH:MM:SS[.f...][Z]` (UTC, years 1678–2261, seconds below 60) to ns
/// since 1970; `None` for anything else, which the general parser then decides.
#[inline]
pub(super) fn datetime(b: &[u8]) -> Option<i64> {
    if b.len() < 19
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b' ' || b[10] == b'T')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        b[r].iter().try_fold(0i64, |a, &c| {
            let d = c.wrapping_sub(b'0');
            (d <= 9).then(|| a * 10 + i64::from(d))
        })
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1678..=2261).contains(&y) || !(1..=12).contains(&mo) || d < 1 || d > crate::util::days_in_month(y, mo) {
        return None;
    }
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    let mut ns = 0i64;
    let mut rest = &b[19..];
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        ns = tail[..digits].iter().fold(0i64, |a, &c| a * 10 + i64::from(c - b'0')) * 10i64.pow(9 - digits as u32);
        rest = &tail[digits..];
    }
    if !(rest.is_empty() || rest == b"Z") {
        return None;
    }
    let secs = crate::util::days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s;
    Some(secs * 1_000_000_000 + ns)
}

/// Per-chunk findings merged after the parse.
struct Flags {
    /// Some field of the column was written with a point or exponent.
    float: Vec<bool>,
    /// Some integer field does not fit f64 exactly.
    big: Vec<bool>,
}

/// One chunk's share of the output: the same row range of every column.
struct Columns<'a> {
    rows: usize,
    nums: Vec<&'a mut [f64]>,
    texts: Vec<&'a mut [String]>,
    time: &'a mut [i64],
}

/// The length of the field at `text[i..]` (up to the separator or line end).
#[inline]
fn field_len(text: &[u8], i: usize, sep: u8) -> usize {
    text[i..]
        .iter()
        .position(|&b| b == sep || b == b'\n' || b == b'\r')
        .unwrap_or(text.len() - i)
}

/// Whether polars could read `field` as something other than text (a number, a boolean, a
/// null): such a first field makes the column a number column here, or leaves it to polars.
/// An ISO date-time is text to polars (it does not parse dates unless asked).
fn maybe_typed(field: &[u8]) -> bool {
    if datetime(field).is_some() {
        return false;
    }
    if field.first().is_some_and(u8::is_ascii_whitespace) || field.last().is_some_and(u8::is_ascii_whitespace) {
        // Padded: whether polars trims it is its business.
        return true;
    }
    match field.first() {
        None => true,
        Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.') => true,
        _ => {
            let lower = field.to_ascii_lowercase();
            matches!(
                lower.as_slice(),
                b"true" | b"false" | b"nan" | b"inf" | b"infinity" | b"null" | b"na" | b"none"
            )
        }
    }
}

/// Parse `text` (whole lines) into `out`, one row per line; `None` at the first field outside
/// the grammar or when the row count differs from `out.rows`.
fn parse_chunk(text: &[u8], sep: u8, kinds: &[Kind], out: &mut Columns<'_>) -> Option<Flags> {
    let ncol = kinds.len();
    let rows = out.rows;
    // Plain slices in locals: the optimiser keeps them in registers.
    let nums: &mut [&mut [f64]] = &mut out.nums;
    let texts: &mut [&mut [String]] = &mut out.texts;
    let time: &mut [i64] = out.time;
    let mut flags = Flags {
        float: vec![false; nums.len()],
        big: vec![false; nums.len()],
    };
    let mut i = 0usize;
    let mut row = 0usize;
    while i < text.len() {
        if row >= rows {
            return None;
        }
        let (mut num_col, mut text_col) = (0usize, 0usize);
        for (c, kind) in kinds.iter().enumerate() {
            match kind {
                Kind::Num => {
                    let (n, end) = parse_number(text, i)?;
                    nums[num_col][row] = n.value;
                    flags.float[num_col] |= !n.integer;
                    flags.big[num_col] |= n.big;
                    num_col += 1;
                    i = end;
                }
                Kind::Time => {
                    let len = field_len(text, i, sep);
                    time[row] = datetime(&text[i..i + len])?;
                    i += len;
                }
                Kind::Text | Kind::Skip => {
                    let len = field_len(text, i, sep);
                    let field = &text[i..i + len];
                    if len == 0 || field.contains(&b'"') {
                        return None;
                    }
                    if *kind == Kind::Text {
                        texts[text_col][row] = std::str::from_utf8(field).ok()?.to_string();
                        text_col += 1;
                    }
                    i += len;
                }
            }
            let last = c + 1 == ncol;
            match text.get(i) {
                Some(&b) if !last && b == sep => i += 1,
                Some(b'\n') if last => i += 1,
                Some(b'\r') if last && text.get(i + 1) == Some(&b'\n') => i += 2,
                None if last => {}
                _ => return None,
            }
        }
        row += 1;
    }
    (row == rows).then_some(flags)
}

/// Number of lines in `text` (a final line without `\n` counts).
fn count_lines(text: &[u8]) -> usize {
    // Byte sums over short blocks vectorise well; a block of 128 cannot overflow the u8.
    let n: usize = text
        .chunks(128)
        .map(|c| usize::from(c.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>()))
        .sum();
    n + usize::from(text.last().is_some_and(|&b| b != b'\n'))
}

/// Split `text` into about `parts` pieces ending on line boundaries.
fn split_lines(text: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(parts);
    let mut rest = text;
    for k in (1..=parts).rev() {
        if rest.is_empty() {
            break;
        }
        if k == 1 {
            out.push(rest);
            break;
        }
        let target = rest.len() / k;
        let cut = rest[target..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |p| target + p + 1);
        let (a, b) = rest.split_at(cut);
        out.push(a);
        rest = b;
    }
    out
}

/// Read `bytes` (a whole file) through the fast path. `names` are the caller's column names
/// (then the file has no header line); `None` when the file is outside the fast grammar.
pub(super) fn try_read(bytes: &[u8], sep: u8, names: Option<&[String]>) -> Option<Dataset> {
    if sep == b'"' || sep == b'\n' || sep == b'\r' || sep.is_ascii_digit() || matches!(sep, b'-' | b'.' | b'e' | b'E') {
        return None;
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        // A byte-order mark: polars decides what it does to the first name.
        return None;
    }
    let (header, body): (Vec<String>, &[u8]) = match names {
        Some(n) => (n.to_vec(), bytes),
        None => {
            let end = bytes.iter().position(|&b| b == b'\n')?;
            let line = std::str::from_utf8(&bytes[..end]).ok()?;
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.contains('"') {
                return None;
            }
            (line.split(sep as char).map(str::to_string).collect(), &bytes[end + 1..])
        }
    };
    let mut seen = std::collections::HashSet::new();
    if header.iter().any(|h| h.is_empty() || !seen.insert(h.as_str())) {
        return None;
    }
    let has_dt = header.iter().any(|h| h == "date_time");
    // Text columns are told by the first row (polars infers from the first rows too; a later
    // row that contradicts the choice sends the file to polars).
    let first_row = body.split(|&b| b == b'\n').next()?;
    let first_row = first_row.strip_suffix(b"\r").unwrap_or(first_row);
    let first_fields: Vec<&[u8]> = first_row.split(|&b| b == sep).collect();
    if first_fields.len() != header.len() {
        return None;
    }
    let kinds: Vec<Kind> = header
        .iter()
        .zip(&first_fields)
        .map(|(h, f)| match h.as_str() {
            "date_time" => Kind::Time,
            "time" if has_dt => Kind::Skip,
            _ if maybe_typed(f) => Kind::Num,
            _ => Kind::Text,
        })
        .collect();
    let n_num = kinds.iter().filter(|k| **k == Kind::Num).count();
    let n_text = kinds.iter().filter(|k| **k == Kind::Text).count();

    let threads = if body.len() < PARALLEL_MIN_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(16)
    };
    let chunks = split_lines(body, threads);
    let counts: Vec<usize> = if chunks.len() == 1 {
        vec![count_lines(chunks[0])]
    } else {
        std::thread::scope(|s| {
            let hs: Vec<_> = chunks.iter().map(|c| s.spawn(move || count_lines(c))).collect();
            hs.into_iter().map(|h| h.join().unwrap_or(usize::MAX)).collect()
        })
    };
    if counts.contains(&usize::MAX) {
        return None;
    }
    let rows: usize = counts.iter().sum();
    if rows == 0 {
        return None;
    }
    let mut nums: Vec<Vec<f64>> = (0..n_num).map(|_| vec![0.0; rows]).collect();
    let mut texts: Vec<Vec<String>> = (0..n_text).map(|_| vec![String::new(); rows]).collect();
    let mut time: Vec<i64> = if has_dt { vec![0; rows] } else { Vec::new() };

    // Hand each chunk its disjoint row range of every column.
    let mut num_rest: Vec<&mut [f64]> = nums.iter_mut().map(Vec::as_mut_slice).collect();
    let mut text_rest: Vec<&mut [String]> = texts.iter_mut().map(Vec::as_mut_slice).collect();
    let mut time_rest: &mut [i64] = &mut time;
    let mut jobs = Vec::with_capacity(chunks.len());
    for (chunk, &n) in chunks.iter().zip(&counts) {
        let cols = Columns {
            rows: n,
            nums: num_rest.iter_mut().map(|c| take_front(c, n)).collect(),
            texts: text_rest.iter_mut().map(|c| take_front(c, n)).collect(),
            time: if has_dt { take_front(&mut time_rest, n) } else { &mut [] },
        };
        jobs.push((*chunk, cols));
    }
    let kinds = &kinds;
    let results: Vec<Option<Flags>> = if jobs.len() == 1 {
        jobs.into_iter()
            .map(|(text, mut cols)| parse_chunk(text, sep, kinds, &mut cols))
            .collect()
    } else {
        std::thread::scope(|s| {
            let hs: Vec<_> = jobs
                .into_iter()
                .map(|(text, mut cols)| s.spawn(move || parse_chunk(text, sep, kinds, &mut cols)))
                .collect();
            hs.into_iter().map(|h| h.join().ok().flatten()).collect()
        })
    };
    let mut float = vec![false; n_num];
    for r in results {
        let f = r?;
        if f.big.contains(&true) {
            return None;
        }
        for (all, chunk) in float.iter_mut().zip(&f.float) {
            *all |= chunk;
        }
    }

    let mut ds = Dataset::new();
    let dim = if has_dt { "time" } else { "index" };
    if has_dt {
        ds.insert("time", Variable::time("time", time.clone())).ok()?;
    } else {
        ds.insert(
            "index",
            Variable::new(["index"], (0..rows as i64).collect::<Vec<i64>>()).ok()?,
        )
        .ok()?;
    }
    let mut nums = nums.into_iter().zip(float);
    let mut texts = texts.into_iter();
    for (name, kind) in header.iter().zip(kinds.iter()) {
        let var = match kind {
            Kind::Skip => continue,
            Kind::Time => Variable::time("time", std::mem::take(&mut time)),
            Kind::Text => Variable::new([dim], texts.next()?).ok()?,
            Kind::Num => {
                let (v, is_float) = nums.next()?;
                if is_float {
                    Variable::new([dim], v).ok()?
                } else {
                    Variable::new([dim], v.into_iter().map(|x| x as i64).collect::<Vec<i64>>()).ok()?
                }
            }
        };
        ds.insert(name, var).ok()?;
    }
    Some(ds)
}

/// Split the first `n` items off `rest`, leaving the remainder there.
fn take_front<'a, T>(rest: &mut &'a mut [T], n: usize) -> &'a mut [T] {
    let (a, b) = std::mem::take(rest).split_at_mut(n);
    *rest = b;
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_equal_the_standard_parser() {
        for s in [
            "0",
            "-0",
            "1",
            "12.5",
            "-0.001",
            "123456789012345",
            "9007199254740993",
            "1e5",
            "1.5E-3",
            "2.5e+10",
            "0.1",
            "0.30000000000000004",
            "1234567890.123456789",
            "1e-300",
            "4.9e-324",
            "1e308",
            "17976931348623157e292",
            "00012.500",
            "123456789012345678",
        ] {
            let (n, end) = parse_number(s.as_bytes(), 0).unwrap();
            assert_eq!(end, s.len(), "{s}");
            assert_eq!(n.value.to_bits(), s.parse::<f64>().unwrap().to_bits(), "{s}");
        }
        for s in ["", "-", ".5", "1.", "+1", "e5", "1e", "1e+", "nan", "1e1234567"] {
            let r = parse_number(s.as_bytes(), 0);
            assert!(r.is_none() || r.unwrap().1 != s.len(), "{s}");
        }
        let (n, _) = parse_number(b"9007199254740993", 0).unwrap();
        assert!(n.integer && n.big, "2^53 + 1 cannot be an exact f64");
        let (n, _) = parse_number(b"9007199254740992", 0).unwrap();
        assert!(n.integer && !n.big);
    }

    #[test]
    fn eight_digits_at_once() {
        let cases: [(&[u8], usize); 6] = [
            (b"12345678", 8),
            (b"1234,678", 4),
            (b"0", 1),
            (b",1", 0),
            (b"9\xff99", 1),
            (b"00000001", 8),
        ];
        for (s, n) in cases {
            let x = load8(s, 0);
            assert_eq!(digit_prefix(x), n, "{s:?}");
            if n > 0 {
                let want: u64 = std::str::from_utf8(&s[..n]).unwrap().parse().unwrap();
                assert_eq!(digits_value(x, n), want, "{s:?}");
            }
        }
        for v in [0u64, 7, 10, 99_999_999, 12_345_678, 10_000_000, 1_000] {
            let s = v.to_string();
            let x = load8(s.as_bytes(), 0);
            assert_eq!(digits_value(x, s.len()), v);
        }
        assert_eq!(load8(b"12", 1), u64::from(b'2'));
        assert_eq!(load8(b"12", 5), 0);
    }

    #[test]
    fn chunks_end_on_lines() {
        let text = b"1,2\n3,4\n5,6\n7,8\n9,10";
        for parts in 1..6 {
            let c = split_lines(text, parts);
            assert_eq!(c.concat(), text.to_vec());
            assert!(c.iter().rev().skip(1).all(|p| p.ends_with(b"\n")));
            assert_eq!(c.iter().map(|p| count_lines(p)).sum::<usize>(), 5);
        }
    }

    #[test]
    fn outside_the_grammar_is_declined() {
        for text in [
            "a,b\n1,2\n\n3,4\n",
            "a,b\n1,\n",
            "a,b\nx,1\n\"q\",3\n",
            "a,b\n1,2,3\n",
            "a,b\n1\n",
            "a,a\n1,2\n",
            "\"a\",b\n1,2\n",
            "a,b\n",
            "a,b\n1,nan\n",
            "\u{feff}a,b\n1,2\n",
            "a,b\n 1,2\n",
            "a,b\n1,2\r3,4\n",
            "date_time,a\n2021-01-01,1\n",
        ] {
            assert!(try_read(text.as_bytes(), b',', None).is_none(), "{text:?}");
        }
        let ds = try_read(b"a,b\nx,1\n2,3\n", b',', None).unwrap();
        assert_eq!(
            ds.view::<String>("a").unwrap()[[1]],
            "2",
            "a column that starts as text stays text"
        );
        let ds = try_read(b"a;b\r\n1;2.5\r\n-3;4", b';', None).unwrap();
        assert_eq!(
            ds.view::<i64>("a").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![1, -3]
        );
        assert_eq!(
            ds.view::<f64>("b").unwrap().iter().copied().collect::<Vec<_>>(),
            vec![2.5, 4.0]
        );
    }
}
