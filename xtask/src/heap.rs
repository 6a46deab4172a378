//! Allocator tuning at the binary's edge.
//!
//! mimalloc asks for transparent huge pages. They pay off once the heap grows
//! to tens of megabytes (Stripe: 385 ms with them, 475 ms without, fewer page
//! faults), but the kernel zeroes each 2 MiB page on first touch, and for a
//! small spec that zeroing costs more than the generation itself (the 3.0
//! petstore: 14 ms with them, 8.5 ms without). Measured with
//! `bench/gen-race.sh`; the two cross near 60 KiB of spec.

use std::path::Path;

/// Specs smaller than this generate faster on ordinary pages.
const HUGE_PAGES_FROM_BYTES: u64 = 128 * 1024;

/// Turns transparent huge pages off for this process when `spec` (a file or a
/// folder of files) is small. Pages already touched keep their size.
pub fn fit_to(spec: &Path) {
    if input_bytes(spec) < HUGE_PAGES_FROM_BYTES {
        disable_huge_pages();
    }
}

fn input_bytes(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else { return 0 };
    if !meta.is_dir() {
        return meta.len();
    }
    let Ok(entries) = std::fs::read_dir(path) else { return 0 };
    entries.flatten().map(|entry| input_bytes(&entry.path())).sum()
}

#[cfg(target_os = "linux")]
fn disable_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    // It only sets a flag on this process; failure (an old kernel) leaves the default.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn disable_huge_pages() {}
