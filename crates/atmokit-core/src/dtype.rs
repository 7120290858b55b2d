//! Element types of variable data.

use std::fmt;

/// The element type of a variable, in memory or on disk.
///
/// Names follow numpy (`"float32"`, `"int32"`, …) so that output matches what ACT users see;
/// time is `"datetime64[ns]"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DType {
    /// Signed 8-bit integer (netCDF `byte`).
    I8,
    /// Unsigned 8-bit integer (`ubyte`).
    U8,
    /// Signed 16-bit integer (`short`).
    I16,
    /// Unsigned 16-bit integer (`ushort`).
    U16,
    /// Signed 32-bit integer (`int`).
    I32,
    /// Unsigned 32-bit integer (`uint`).
    U32,
    /// Signed 64-bit integer (`int64`).
    I64,
    /// Unsigned 64-bit integer (`uint64`).
    U64,
    /// 32-bit float (`float`).
    F32,
    /// 64-bit float (`double`).
    F64,
    /// Raw characters (netCDF `char`), one byte each.
    Char,
    /// Variable-length strings (netCDF-4 `string`, or decoded `char` arrays).
    Str,
    /// Time: i64 nanoseconds since 1970-01-01T00:00:00 UTC; [`crate::NAT`] marks a missing time.
    Time,
}

impl DType {
    /// numpy-style name: `"float32"`, `"int32"`, `"datetime64[ns]"`, `"|S1"` for char, `"object"` for strings.
    pub fn name(self) -> &'static str {
        match self {
            DType::I8 => "int8",
            DType::U8 => "uint8",
            DType::I16 => "int16",
            DType::U16 => "uint16",
            DType::I32 => "int32",
            DType::U32 => "uint32",
            DType::I64 => "int64",
            DType::U64 => "uint64",
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::Char => "|S1",
            DType::Str => "object",
            DType::Time => "datetime64[ns]",
        }
    }

    /// Parse a numpy-style name (also accepts netCDF names: `float`, `double`, `short`, `byte`, …).
    pub fn from_name(name: &str) -> Option<DType> {
        Some(match name {
            "int8" | "i8" | "byte" => DType::I8,
            "uint8" | "u8" | "ubyte" => DType::U8,
            "int16" | "i16" | "short" => DType::I16,
            "uint16" | "u16" | "ushort" => DType::U16,
            "int32" | "i32" | "int" => DType::I32,
            "uint32" | "u32" | "uint" => DType::U32,
            "int64" | "i64" => DType::I64,
            "uint64" | "u64" => DType::U64,
            "float32" | "f32" | "float" => DType::F32,
            "float64" | "f64" | "double" => DType::F64,
            "char" | "|S1" | "S1" => DType::Char,
            "str" | "string" | "object" => DType::Str,
            "datetime64[ns]" | "time" => DType::Time,
            _ => return None,
        })
    }

    /// True for the ten integer and float types.
    pub fn is_numeric(self) -> bool {
        !matches!(self, DType::Char | DType::Str | DType::Time)
    }
    /// True for f32 and f64.
    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }
    /// True for the eight integer types.
    pub fn is_integer(self) -> bool {
        self.is_numeric() && !self.is_float()
    }
    /// Size of one element in bytes (strings count as a pointer).
    pub fn size_of(self) -> usize {
        match self {
            DType::I8 | DType::U8 | DType::Char => 1,
            DType::I16 | DType::U16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 | DType::Time => 8,
            DType::Str => std::mem::size_of::<String>(),
        }
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
