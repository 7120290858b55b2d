//! netCDF files built in memory and handed back as bytes, so that libnetcdf and HDF5 never
//! write to disk themselves (see [`crate::write_netcdf`]): classic files with `NC_INMEMORY`
//! and `nc_close_memio`, netCDF-4 files with `NC_DISKLESS` (HDF5's core driver, no backing
//! store) and `H5Fget_file_image`.

use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicU64, Ordering};

/// A name for a file created in memory, unique in the process: libnetcdf and HDF5 use it in
/// messages and to tell open files apart; no file of this name is created or opened.
pub(crate) fn memory_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "atmokit-in-memory-{}-{}.nc",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// netCDF-C's `NC_memio` (`netcdf_mem.h`): the image handed over at close.
#[repr(C)]
struct NcMemio {
    size: usize,
    memory: *mut c_void,
    flags: c_int,
}

// netcdf-sys declares this function with a struct whose fields are private; this declaration
// has the same C signature with readable fields.
unsafe extern "C" {
    fn nc_close_memio(ncid: c_int, info: *mut NcMemio) -> c_int;
}

/// The bytes of a file built in memory.
pub(crate) enum Image {
    /// Handed over by libnetcdf (classic files), freed with `free`.
    Malloc(NcImage),
    /// Copied out of HDF5 (netCDF-4 files).
    Owned(Vec<u8>),
}

impl Image {
    /// The file's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Image::Malloc(m) => m.as_bytes(),
            Image::Owned(v) => v,
        }
    }
}

/// The bytes of a closed in-memory netCDF file, owned (allocated by libnetcdf with `malloc`).
pub(crate) struct NcImage {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the buffer is owned by this value alone and was allocated with `malloc`, which may be
// freed from any thread.
unsafe impl Send for NcImage {}

impl NcImage {
    /// The file's bytes.
    fn as_bytes(&self) -> &[u8] {
        if self.ptr.is_null() {
            return &[];
        }
        // SAFETY: libnetcdf handed over `len` initialised bytes at `ptr`, owned by `self` until drop.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for NcImage {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from libnetcdf's `malloc` (or is null) and is freed only here.
        unsafe { libc::free(self.ptr.cast()) }
    }
}

/// The bytes of an open netCDF-4 file created with `netcdf::Options::DISKLESS` under `name`
/// (see [`memory_name`]), after writing out everything libnetcdf still holds. The file stays
/// open; closing it discards the memory.
pub(crate) fn netcdf4_image(file: &netcdf::FileMut, name: &str) -> Result<Vec<u8>, netcdf::Error> {
    use hdf5_sys::h5f::{H5F_OBJ_ALL, H5F_OBJ_FILE, H5Fget_file_image, H5Fget_name, H5Fget_obj_count, H5Fget_obj_ids};
    file.sync()?;
    let _guard = netcdf_sys::libnetcdf_lock.lock();
    // SAFETY: queries of HDF5's table of open files with valid buffers of the stated sizes,
    // under the lock libnetcdf and the netcdf crate use for every HDF5 call.
    unsafe {
        let all = H5F_OBJ_ALL as hdf5_sys::h5i::hid_t;
        let count = H5Fget_obj_count(all, H5F_OBJ_FILE);
        let count = usize::try_from(count).map_err(|_| netcdf::Error::Str("HDF5 cannot list its open files".into()))?;
        let mut ids = vec![0 as hdf5_sys::h5i::hid_t; count];
        let got = H5Fget_obj_ids(all, H5F_OBJ_FILE, count, ids.as_mut_ptr());
        ids.truncate(usize::try_from(got).unwrap_or(0));
        for id in ids {
            let mut buf = vec![0u8; name.len() + 2];
            let n = H5Fget_name(id, buf.as_mut_ptr().cast::<c_char>(), buf.len());
            if usize::try_from(n).ok() != Some(name.len()) || &buf[..name.len()] != name.as_bytes() {
                continue;
            }
            let size = H5Fget_file_image(id, std::ptr::null_mut(), 0);
            let size =
                usize::try_from(size).map_err(|_| netcdf::Error::Str("HDF5 cannot size the file image".into()))?;
            let mut image = vec![0u8; size];
            let copied = H5Fget_file_image(id, image.as_mut_ptr().cast::<c_void>(), size);
            if usize::try_from(copied).ok() != Some(size) {
                return Err(netcdf::Error::Str("HDF5 cannot copy the file image".into()));
            }
            reseal_superblock(&mut image);
            return Ok(image);
        }
    }
    Err(netcdf::Error::Str(format!("HDF5 has no open file named {name}")))
}

/// HDF5 1.10 clears the status flags of a version 2 or 3 superblock in the copy
/// `H5Fget_file_image` returns without updating the superblock's checksum, so the image would
/// not open; store the checksum of the bytes as they are.
fn reseal_superblock(image: &mut [u8]) {
    if image.len() < 12 || &image[..8] != b"\x89HDF\r\n\x1a\n" || !matches!(image[8], 2 | 3) {
        return;
    }
    // Signature, version, sizes of offsets and lengths, flags; four addresses; checksum.
    let end = 12 + 4 * usize::from(image[9]);
    if image.len() < end + 4 {
        return;
    }
    let sum = lookup3(&image[..end], 0);
    image[end..end + 4].copy_from_slice(&sum.to_le_bytes());
}

/// Bob Jenkins' lookup3 `hashlittle`, the checksum of HDF5's metadata (HDF5 File Format
/// Specification, "Checksum").
fn lookup3(key: &[u8], initval: u32) -> u32 {
    fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
        *a = a.wrapping_sub(*c);
        *a ^= c.rotate_left(4);
        *c = c.wrapping_add(*b);
        *b = b.wrapping_sub(*a);
        *b ^= a.rotate_left(6);
        *a = a.wrapping_add(*c);
        *c = c.wrapping_sub(*b);
        *c ^= b.rotate_left(8);
        *b = b.wrapping_add(*a);
        *a = a.wrapping_sub(*c);
        *a ^= c.rotate_left(16);
        *c = c.wrapping_add(*b);
        *b = b.wrapping_sub(*a);
        *b ^= a.rotate_left(19);
        *a = a.wrapping_add(*c);
        *c = c.wrapping_sub(*b);
        *c ^= b.rotate_left(4);
        *b = b.wrapping_add(*a);
    }
    fn fin(a: &mut u32, b: &mut u32, c: &mut u32) {
        *c ^= *b;
        *c = c.wrapping_sub(b.rotate_left(14));
        *a ^= *c;
        *a = a.wrapping_sub(c.rotate_left(11));
        *b ^= *a;
        *b = b.wrapping_sub(a.rotate_left(25));
        *c ^= *b;
        *c = c.wrapping_sub(b.rotate_left(16));
        *a ^= *c;
        *a = a.wrapping_sub(c.rotate_left(4));
        *b ^= *a;
        *b = b.wrapping_sub(a.rotate_left(14));
        *c ^= *b;
        *c = c.wrapping_sub(b.rotate_left(24));
    }
    let word = |k: &[u8], i: usize| u32::from_le_bytes([k[i], k[i + 1], k[i + 2], k[i + 3]]);
    // The length is taken modulo 2^32, as in the C code.
    let init = 0xdead_beef_u32.wrapping_add(key.len() as u32).wrapping_add(initval);
    let (mut a, mut b, mut c) = (init, init, init);
    let mut k = key;
    while k.len() > 12 {
        a = a.wrapping_add(word(k, 0));
        b = b.wrapping_add(word(k, 4));
        c = c.wrapping_add(word(k, 8));
        mix(&mut a, &mut b, &mut c);
        k = &k[12..];
    }
    if k.is_empty() {
        return c;
    }
    let mut tail = [0u8; 12];
    tail[..k.len()].copy_from_slice(k);
    a = a.wrapping_add(word(&tail, 0));
    b = b.wrapping_add(word(&tail, 4));
    c = c.wrapping_add(word(&tail, 8));
    fin(&mut a, &mut b, &mut c);
    c
}

/// Close a file created with `netcdf::Options::INMEMORY` and take its bytes.
pub(crate) fn close_into_image(file: netcdf::FileMut) -> Result<Image, netcdf::Error> {
    // SAFETY: in netcdf 0.12 (pinned by Cargo.lock) `FileMut`, `File` and the inner `RawFile
    // { ncid }` are all `#[repr(transparent)]` over the C `int` ncid, so this reads the ncid;
    // `transmute` moves the value, so `FileMut`'s Drop (an `nc_close` that would discard the
    // image) does not run and the ncid is closed exactly once, below.
    let ncid: c_int = unsafe { std::mem::transmute::<netcdf::FileMut, c_int>(file) };
    let mut info = NcMemio {
        size: 0,
        memory: std::ptr::null_mut(),
        flags: 0,
    };
    let status = {
        let _guard = netcdf_sys::libnetcdf_lock.lock();
        // SAFETY: `ncid` is an open file owned by this function; `info` is a valid out-pointer.
        unsafe { nc_close_memio(ncid, &mut info) }
    };
    let image = NcImage {
        ptr: info.memory.cast(),
        len: info.size,
    };
    if status != 0 {
        return Err(netcdf::Error::Netcdf(status));
    }
    if image.as_bytes().is_empty() {
        return Err(netcdf::Error::Str("libnetcdf returned an empty in-memory file".into()));
    }
    Ok(Image::Malloc(image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup3_matches_the_superblock_checksum_hdf5_wrote() {
        // An ARM netCDF-4 file with a version 2 superblock: 48 bytes, checksum at 44.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/oracle/data/sgpaerich1C1.b1.20190501.000342.nc"
        );
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        assert_eq!(bytes[8], 2, "superblock version");
        let stored = u32::from_le_bytes([bytes[44], bytes[45], bytes[46], bytes[47]]);
        assert_eq!(lookup3(&bytes[..44], 0), stored);
        let mut copy = bytes[..64].to_vec();
        copy[44..48].fill(0);
        reseal_superblock(&mut copy);
        assert_eq!(&copy[..48], &bytes[..48]);
    }

    #[test]
    fn lookup3_of_nothing_is_its_seed() {
        // With no bytes the C code returns c = 0xdeadbeef + 0 + initval without mixing.
        assert_eq!(lookup3(&[], 0), 0xdead_beef);
    }
}
