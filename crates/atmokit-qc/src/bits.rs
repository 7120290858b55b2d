//! Bit helpers of ARM's bit-packed QC: test number `n` is stored as the mask `2^(n-1)`.
//!
//! Ports `act.qc.qcfilter.set_bit`, `unset_bit` and `parse_bit`.

use atmokit_core::{Error, Result};

/// The largest test number a bit-packed QC integer can hold (uint64: bits 1..=64).
pub const MAX_TEST_NUMBER: u32 = 64;

/// The mask of test `test_number` (`1 << (n-1)`), or an error when `n` is 0 or above 64.
pub fn test_mask(test_number: u32) -> Result<u64> {
    if test_number == 0 || test_number > MAX_TEST_NUMBER {
        return Err(Error::parameter(
            "test_number",
            test_number,
            format!("must lie in 1..={MAX_TEST_NUMBER} (a QC integer holds at most 64 bit tests)"),
        ));
    }
    Ok(1u64 << (test_number - 1))
}

/// Set the bit of test `bit_number` in `value`: `value | 2^(n-1)` (`set_bit(0, 16) = 32768`).
///
/// As in ACT, a test number of 0 leaves the value unchanged. Numbers above 64 return an error
/// (ACT would overflow).
pub fn set_bit(value: u64, bit_number: u32) -> Result<u64> {
    if bit_number == 0 {
        return Ok(value);
    }
    Ok(value | test_mask(bit_number)?)
}

/// Clear the bit of test `bit_number` in `value`: `value & !2^(n-1)`; 0 leaves the value unchanged.
pub fn unset_bit(value: u64, bit_number: u32) -> Result<u64> {
    if bit_number == 0 {
        return Ok(value);
    }
    Ok(value & !test_mask(bit_number)?)
}

/// The test numbers (1-based, ascending) whose bits are set in `value` (`parse_bit(257) = [1, 9]`).
///
/// ACT raises `ValueError` for negative input; the signed variant [`parse_bit_signed`] does the same.
pub fn parse_bit(value: u64) -> Vec<u32> {
    (0..64).filter(|b| value & (1u64 << b) != 0).map(|b| b + 1).collect()
}

/// [`parse_bit`] for a signed QC value; negative values (e.g. a `-9999` missing marker) are an error.
pub fn parse_bit_signed(value: i64) -> Result<Vec<u32>> {
    if value < 0 {
        return Err(Error::parameter(
            "value",
            value,
            "parse_bit: a negative QC value holds no test bits",
        ));
    }
    Ok(parse_bit(value as u64))
}

/// The test number of a single-bit mask (`8 → 4`); `None` when `mask` is not a power of two.
pub fn mask_to_test_number(mask: u64) -> Option<u32> {
    mask.is_power_of_two().then(|| mask.trailing_zeros() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_asserted_values() {
        // ACT 2.3.4 unit tests (QCFilter): parse_bit(257) = [1, 9]; set_bit(0, 16) = 32768.
        assert_eq!(parse_bit(257), vec![1, 9]);
        assert_eq!(set_bit(0, 16).unwrap(), 32768);
    }

    #[test]
    fn set_unset_roundtrip_and_edges() {
        assert_eq!(set_bit(5, 0).unwrap(), 5);
        assert_eq!(unset_bit(5, 1).unwrap(), 4);
        assert_eq!(unset_bit(4, 1).unwrap(), 4);
        assert_eq!(set_bit(0, 64).unwrap(), 1u64 << 63);
        assert!(set_bit(0, 65).is_err());
        assert_eq!(parse_bit(u64::MAX).len(), 64);
        assert_eq!(parse_bit(0), Vec::<u32>::new());
        assert!(parse_bit_signed(-9999).is_err());
        assert_eq!(parse_bit_signed(6).unwrap(), vec![2, 3]);
        assert_eq!(mask_to_test_number(8), Some(4));
        assert_eq!(mask_to_test_number(6), None);
    }
}
