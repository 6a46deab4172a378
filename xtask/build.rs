//! Links `cargo xtask` as a position-dependent executable on Linux.
//!
//! A position-independent one has the loader apply some 23,000 relocations
//! at every start, each page of them copied on write: about a third of a
//! millisecond, 6 % of generating a small spec (the 3.0 petstore, 5.9 ms
//! against 5.6, median of 60 interleaved runs). The executable's own
//! addresses are then not randomized; it is a developer tool reading the
//! maintainer's own files, and its libraries and heap still are.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
