//! Peak finding with minimum distance and prominence, as `scipy.signal.find_peaks`
//! (`distance=`, `prominence=`), used by the modified-gradient PBL.

/// Indices of local maxima of `x` (plateaus reported at their middle, left-biased), as scipy's
/// `_local_maxima_1d`. NaN never forms or continues a peak.
pub fn local_maxima(x: &[f64]) -> Vec<usize> {
    let mut peaks = Vec::new();
    if x.len() < 3 {
        return peaks;
    }
    let i_max = x.len() - 1;
    let mut i = 1;
    while i < i_max {
        if x[i - 1] < x[i] {
            let mut ahead = i + 1;
            while ahead < i_max && x[ahead] == x[i] {
                ahead += 1;
            }
            if x[ahead] < x[i] {
                peaks.push((i + ahead - 1) / 2);
                i = ahead;
            }
        }
        i += 1;
    }
    peaks
}

/// Keep the highest peaks so that kept peaks are at least `distance` samples apart
/// (scipy `_select_by_peak_distance`: highest first). Peaks of exactly equal height are taken
/// later-first (a stable order); scipy uses numpy's unstable argsort there, so such ties may
/// resolve differently (1 of 5401 ceilometer profiles in the oracle case).
pub fn select_by_distance(peaks: &[usize], x: &[f64], distance: usize) -> Vec<usize> {
    let n = peaks.len();
    let mut keep = vec![true; n];
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[peaks[a]].total_cmp(&x[peaks[b]]));
    for &j in order.iter().rev() {
        if !keep[j] {
            continue;
        }
        let mut k = j;
        while k > 0 && peaks[j] - peaks[k - 1] < distance {
            keep[k - 1] = false;
            k -= 1;
        }
        let mut k = j + 1;
        while k < n && peaks[k] - peaks[j] < distance {
            keep[k] = false;
            k += 1;
        }
    }
    peaks.iter().zip(keep).filter(|(_, k)| *k).map(|(p, _)| *p).collect()
}

/// Topographic prominence of a peak (scipy `_peak_prominences` without a window): height above the
/// higher of the two lowest points reached before meeting higher ground on either side.
pub fn prominence(x: &[f64], peak: usize) -> f64 {
    let top = x[peak];
    let mut left_min = top;
    let mut i = peak as isize;
    while i >= 0 && x[i as usize] <= top {
        left_min = left_min.min(x[i as usize]);
        i -= 1;
    }
    let mut right_min = top;
    let mut i = peak;
    while i < x.len() && x[i] <= top {
        right_min = right_min.min(x[i]);
        i += 1;
    }
    top - left_min.max(right_min)
}

/// `scipy.signal.find_peaks(x, distance=distance, prominence=min_prominence)`: peak indices in
/// increasing order.
pub fn find_peaks(x: &[f64], distance: usize, min_prominence: f64) -> Vec<usize> {
    let peaks = local_maxima(x);
    let peaks = if distance > 1 {
        select_by_distance(&peaks, x, distance)
    } else {
        peaks
    };
    peaks
        .into_iter()
        .filter(|&p| prominence(x, p) >= min_prominence)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy() {
        // scipy 1.17.1 on this array: find_peaks → [1 4 7]; distance=4 → [1 7];
        // prominence=1.5 → [4 7]; peak_prominences at [1 4 7] → [1 2 4].
        let x = [0.0, 1.0, 0.0, 2.0, 2.0, 2.0, 0.0, 5.0, 1.0, 3.0, f64::NAN, 4.0, 0.0];
        assert_eq!(local_maxima(&x), vec![1, 4, 7]);
        assert_eq!(select_by_distance(&[1, 4, 7], &x, 4), vec![1, 7]);
        assert_eq!(find_peaks(&x, 1, 1.5), vec![4, 7]);
        assert_eq!(
            [prominence(&x, 1), prominence(&x, 4), prominence(&x, 7)],
            [1.0, 2.0, 4.0]
        );
    }
}
