//! The generator never panics: every mutation of the curated specs either
//! generates or fails with a located error.

use std::path::Path;

/// A small deterministic generator, so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// One mutation of a YAML text: drop, duplicate or re-indent a line, or replace
/// a value with one of another type.
fn mutate(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = rng.next(lines.len());
    match rng.next(6) {
        0 => {
            lines.remove(at);
        }
        1 => {
            let copy = lines[at].clone();
            lines.insert(at, copy);
        }
        2 => lines[at] = format!("  {}", lines[at]),
        3 | 4 => {
            if let Some((key, _)) = lines[at].split_once(": ") {
                let values = ["{}", "[]", "7", "null", "'#/components/schemas/Nope'", "{$ref: '#/paths'}", "true"];
                lines[at] = format!("{key}: {}", values[rng.next(values.len())]);
            }
        }
        _ => lines.truncate(at),
    }
    lines.join("\n")
}

#[test]
fn mutated_specs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut rng = Lcg(0x5eed);
    let mut outcomes = (0, 0);
    for name in ["conekta", "paystack", "pepgate", "subscription-service"] {
        let spec = std::fs::read_to_string(root.join(format!("specs/{name}.yaml"))).unwrap();
        for round in 0..60 {
            let mutated = mutate(&spec, &mut rng);
            let result = std::panic::catch_unwind(|| generator::generate(mutated.as_bytes(), Path::new("m.yaml"), "m"));
            match result {
                Ok(Ok(_)) => outcomes.0 += 1,
                Ok(Err(error)) => {
                    assert!(error.to_string().starts_with("m.yaml#"), "unlocated error: {error}");
                    outcomes.1 += 1;
                }
                Err(_) => panic!("{name} mutation {round} panicked; input:\n{mutated}"),
            }
        }
    }
    // Both paths must have been exercised for the test to mean something.
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "generated {}, rejected {}", outcomes.0, outcomes.1);
}
