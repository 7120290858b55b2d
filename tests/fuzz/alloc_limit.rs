//! The fuzz binary's global allocator: the system allocator, recording the largest single request
//! and refusing any over [`LIMIT`] (the process then aborts with "memory allocation of N bytes
//! failed", which fails the run; the case being read is left on disk).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest single allocation a reader may make while fuzzed: 1 GB.
pub const LIMIT: usize = 1 << 30;

static MAX: AtomicUsize = AtomicUsize::new(0);

struct Limited;

fn admit(size: usize) -> bool {
    MAX.fetch_max(size, Ordering::Relaxed);
    size <= LIMIT
}

// SAFETY: every call is forwarded to `System` unchanged, or refused with a null pointer as the
// `GlobalAlloc` contract allows.
unsafe impl GlobalAlloc for Limited {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        if !admit(l.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        if !admit(l.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        if !admit(new_size) {
            return std::ptr::null_mut();
        }
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.realloc(p, l, new_size) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static GLOBAL: Limited = Limited;

/// The largest single allocation requested since the last [`reset`].
pub fn max_alloc() -> usize {
    MAX.load(Ordering::Relaxed)
}

/// Start a new measurement of [`max_alloc`].
pub fn reset() {
    MAX.store(0, Ordering::Relaxed);
}
