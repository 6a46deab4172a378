//! Allocator tuning at the binary's edge.
//!
//! mimalloc asks for transparent huge pages. They pay off once the heap grows
//! to tens of megabytes (Stripe: 385 ms with them, 475 ms without, fewer page
//! faults), but the kernel zeroes each 2 MiB page on first touch, and for a
//! small spec that zeroing costs more than the generation itself (the 3.0
//! petstore: 14 ms with them, 8.5 ms without). Measured with
//! `bench/gen-race.sh`; the two cross near 60 KiB of spec.
//!
//! So huge pages are off from the moment the binary is loaded, before its
//! first allocation touches a page, and `generate` turns them back on for a
//! large spec. Every other command keeps them off: its specs are small, or
//! its time goes to cargo.

use std::path::Path;

/// Specs of this many bytes and more generate faster on huge pages.
const HUGE_PAGES_FROM_BYTES: u64 = 128 * 1024;

/// Turns transparent huge pages back on for this process when `spec` (a file
/// or a folder of files) is large.
pub fn fit_to(spec: &Path) {
    if input_bytes(spec) >= HUGE_PAGES_FROM_BYTES {
        set_huge_pages(true);
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

/// Run by the loader before `main`, and so before the first allocation: the
/// pages that allocation touches would keep their size.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static HUGE_PAGES_OFF_AT_LOAD: extern "C" fn() = {
    extern "C" fn huge_pages_off() {
        set_huge_pages(false);
    }
    huge_pages_off
};

#[cfg(target_os = "linux")]
fn set_huge_pages(on: bool) {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    // It only sets a flag on this process; failure (an old kernel) leaves the default.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, libc::c_ulong::from(!on), 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn set_huge_pages(_on: bool) {}
