//! `cargo bench -p generator --bench stages`: where generation spends its
//! time and memory on the largest specs (and the largest Swagger 2.0 spec and
//! the split ones), stage by stage (parse, lower, emit,
//! render the other files, write the crate), beside
//! the bare `openapiv3` parse of the same bytes, which is the floor.
//!
//! `emit` builds the tokens and formats them, in parallel parts (see
//! `emit::Part`). A plain bench binary: each figure is the median of 5 runs;
//! the peak is the process's resident high-water mark over one generation,
//! reset before it through `/proc/self/clear_refs` (Linux). It asserts
//! nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::RuntimeSource;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;
const LARGE: u64 = 1_000_000;

/// The bare parse: the file into `openapiv3`'s model, nothing else.
fn bare_parse(bytes: &[u8], json: bool) -> bool {
    if json {
        serde_json::from_slice::<openapiv3::OpenAPI>(bytes).is_ok()
    } else {
        serde_yaml::from_slice::<openapiv3::OpenAPI>(bytes).is_ok()
    }
}

fn is_swagger2(spec: &Path) -> bool {
    let head: Vec<u8> = std::fs::read(spec).unwrap_or_default().into_iter().take(400).collect();
    String::from_utf8_lossy(&head).contains("swagger")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: f64 = status.lines().find_map(|line| line.strip_prefix("VmHWM:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let args: Vec<String> = std::env::args().collect();
    if let Some(spec) = args.iter().position(|arg| arg == "--one").and_then(|at| args.get(at + 1)) {
        // The bare parse of a split spec's entry file would read one file of many.
        let split = args.iter().any(|arg| arg == "--split");
        return one_spec(&root, Path::new(spec), split);
    }
    let mut specs: Vec<PathBuf> = Vec::new();
    let mut swagger2: Vec<PathBuf> = Vec::new();
    for dir in [root.join("corpus/vendors"), root.join("corpus")] {
        for spec in generator::spec_files(&dir).unwrap() {
            if spec.metadata().is_ok_and(|m| m.len() > LARGE) {
                specs.push(spec);
            } else if is_swagger2(&spec) {
                swagger2.push(spec);
            }
        }
    }
    // The largest Swagger 2.0 spec, and every spec split across files (by its
    // entry file), whatever their size: reading them is work of its own.
    swagger2.sort_by_key(|spec| std::cmp::Reverse(spec.metadata().map_or(0, |m| m.len())));
    specs.extend(swagger2.into_iter().take(1));
    let split_list = std::fs::read_to_string(root.join("corpus/split-specs.txt")).unwrap();
    let split: Vec<PathBuf> =
        split_list.lines().filter(|line| !line.starts_with('#') && !line.trim().is_empty()).map(|entry| root.join("corpus").join(entry.trim())).collect();
    specs.extend(split.iter().cloned());
    println!(
        "{:<42} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8}",
        "spec (ms)", "bare", "parse", "lower", "emit", "render", "write", "total", "ratio", "peak MiB"
    );
    // Each spec in a process of its own, so that its peak memory is its own.
    let me = std::env::current_exe().unwrap();
    for spec in specs {
        let mut one = std::process::Command::new(&me);
        one.arg("--one").arg(&spec);
        if split.contains(&spec) {
            one.arg("--split");
        }
        let status = one.status().unwrap();
        assert!(status.success(), "{}", spec.display());
    }
}

fn one_spec(root: &Path, spec: &Path, split: bool) {
    let out = std::env::temp_dir().join(format!("stages-bench-{}", std::process::id()));
    let runtime = RuntimeSource::Dependency { path: None };
    {
        let spec = spec.to_path_buf();
        let bytes = std::fs::read(&spec).unwrap();
        let json = spec.extension().is_some_and(|e| e == "json");
        let mut stages: [Vec<Duration>; 7] = Default::default();
        let mut bare_ok = !split;

        for _ in 0..RUNS {
            let start = Instant::now();
            bare_ok = bare_ok && bare_parse(&bytes, json);
            stages[0].push(start.elapsed());

            let total = Instant::now();
            let start = Instant::now();
            let doc = generator::parse::parse(&bytes, &spec).unwrap();
            stages[1].push(start.elapsed());
            let start = Instant::now();
            let (api, _) = generator::lower::lower(&doc).unwrap();
            stages[2].push(start.elapsed());
            let start = Instant::now();
            let mut files = generator::emit::emit(&api, &runtime).unwrap();
            stages[3].push(start.elapsed());
            let start = Instant::now();
            files.extend(generator::render::render(&api, "bench", &runtime).unwrap());
            files.sort();
            stages[4].push(start.elapsed());
            let start = Instant::now();
            generator::write::write_crate(&out, &files).unwrap();
            stages[5].push(start.elapsed());
            stages[6].push(total.elapsed());
        }
        let peak = peak_mib();
        let [bare, parse, lower, emit, render, write, total] = stages.map(median);
        let ms = |d: Duration| format!("{:.0}", d.as_secs_f64() * 1e3);
        let name = spec.strip_prefix(root).unwrap_or(&spec).to_string_lossy().into_owned();
        let (bare_text, ratio) = if bare_ok {
            (ms(bare), format!("{:.1}x", total.as_secs_f64() / bare.as_secs_f64()))
        } else {
            // openapiv3 reads OpenAPI 3.0 only.
            ("-".to_string(), "-".to_string())
        };
        println!(
            "{:<42} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8.0}",
            name.chars().take(42).collect::<String>(),
            bare_text,
            ms(parse),
            ms(lower),
            ms(emit),
            ms(render),
            ms(write),
            ms(total),
            ratio,
            peak.unwrap_or(f64::NAN)
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
