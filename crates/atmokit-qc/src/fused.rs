//! Single-pass flagging: compare each data value and OR the test bit into the QC integer in the
//! same loop, without an intermediate mask (the fast path for contiguous data and int32 QC, the
//! common case; other layouts build a mask and use [`crate::qcint`]).

use crate::qcint;
use crate::values::{not_numeric, round_to};
use atmokit_core::{Data, Dataset, Error, Numeric, Result, Variable};

/// Run `f` with the data variable `var` and a mutable QC variable `qc` borrowed together.
pub(crate) fn with_pair<R>(
    ds: &mut Dataset,
    var: &str,
    qc: &str,
    f: impl FnOnce(&Variable, &mut Variable) -> Result<R>,
) -> Result<R> {
    let (mut a, mut b) = (None, None);
    for (n, v) in ds.variables_mut() {
        if n == var {
            a = Some(v);
        } else if n == qc {
            b = Some(v);
        }
    }
    match (a, b) {
        (Some(a), Some(b)) => f(a, b),
        (None, _) => Err(Error::not_found(var)),
        (_, None) => Err(Error::not_found(qc)),
    }
}

fn fallback(name: &str, mask: Vec<bool>, qc: &mut Data, n: u32, flag_value: bool) -> Result<()> {
    if flag_value {
        qcint::assign_value(name, qc, &mask, i64::from(n))
    } else {
        qcint::ensure_bit_capacity(name, qc, n)?;
        qcint::set_bits(name, qc, &mask, n)
    }
}

/// Set test `n` in `qc` wherever `pred(value)` holds (value as f64).
pub(crate) fn flag_pred<P: Fn(f64) -> bool>(
    name: &str,
    data: &Data,
    qc: &mut Data,
    n: u32,
    flag_value: bool,
    pred: P,
) -> Result<()> {
    fn go<T: Numeric, P: Fn(f64) -> bool>(s: &[T], q: &mut [i32], bit: i32, pred: &P) {
        for (qq, x) in q.iter_mut().zip(s) {
            *qq |= bit * i32::from(pred(x.to_f64()));
        }
    }
    if !flag_value
        && (1..=31).contains(&n)
        && let Data::I32(q) = qc
        && let Some(qs) = q.as_slice_mut()
    {
        let bit = 1i32 << (n - 1);
        let done = atmokit_core::with_numeric!(data, a => match a.as_slice() {
            Some(s) if s.len() == qs.len() => { go(s, qs, bit, &pred); true }
            _ => false,
        }, other => return Err(not_numeric(name, other)));
        if done {
            return Ok(());
        }
    }
    let a = data.to_f64().ok_or_else(|| not_numeric(name, data))?;
    fallback(name, a.iter().map(|&x| pred(x)).collect(), qc, n, flag_value)
}

/// Set test `n` on both samples of every step along the first axis of 1-D data where
/// `step(|x[i+1] - x[i]|)` holds, the difference rounded to the data's precision.
pub(crate) fn flag_steps_1d<S: Fn(f64) -> bool>(
    name: &str,
    data: &Data,
    qc: &mut Data,
    n: u32,
    flag_value: bool,
    step: S,
) -> Result<()> {
    let dtype = data.dtype();
    /// `st[i]`: the step from `i` to `i+1` exceeds the limit (branch-free, vectorisable).
    fn steps<T: Numeric, S: Fn(f64) -> bool>(s: &[T], dtype: atmokit_core::DType, step: &S) -> Vec<u8> {
        let mut st: Vec<u8> = s
            .windows(2)
            .map(|w| u8::from(step(round_to(dtype, w[1].to_f64() - w[0].to_f64()).abs())))
            .collect();
        st.push(0);
        st
    }
    /// Call `emit(i, flagged)` with `flagged = st[i-1] | st[i]`.
    fn flags<T: Numeric, S: Fn(f64) -> bool>(
        s: &[T],
        dtype: atmokit_core::DType,
        step: &S,
        mut emit: impl FnMut(usize, u8),
    ) {
        let st = steps(s, dtype, step);
        let mut prev = 0u8;
        for (i, &cur) in st.iter().enumerate() {
            emit(i, prev | cur);
            prev = cur;
        }
    }
    if !flag_value
        && (1..=31).contains(&n)
        && let Data::I32(q) = qc
        && let Some(qs) = q.as_slice_mut()
    {
        let bit = 1i32 << (n - 1);
        let done = atmokit_core::with_numeric!(data, a => match a.as_slice() {
            Some(s) if s.len() == qs.len() && a.ndim() == 1 => {
                // One pass, no step buffer: sample i is flagged by the step before or after it.
                let mut prev = 0u8;
                for (i, w) in s.windows(2).enumerate() {
                    let cur = u8::from(step(round_to(dtype, w[1].to_f64() - w[0].to_f64()).abs()));
                    qs[i] |= bit * i32::from(prev | cur);
                    prev = cur;
                }
                if let Some(last) = qs.last_mut() {
                    *last |= bit * i32::from(prev);
                }
                true
            }
            _ => false,
        }, other => return Err(not_numeric(name, other)));
        if done {
            return Ok(());
        }
    }
    let a = data.to_f64().ok_or_else(|| not_numeric(name, data))?;
    let s: Vec<f64> = a.iter().copied().collect();
    let mut mask = vec![false; s.len()];
    flags(&s, dtype, &step, |i, f| mask[i] = f != 0);
    fallback(name, mask, qc, n, flag_value)
}
