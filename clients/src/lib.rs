//! The tests and benches of the generated clients live in `tests/` and
//! `benches/`; this crate has no code of its own. They exercise what the
//! generator emitted, so they sit beside `generated/` rather than in the
//! generator, whose own tests stop at the emitted text.
