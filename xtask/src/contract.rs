//! `cargo xtask contract`: every operation of every generated client against
//! Prism, a mock server that validates each request against the spec and
//! answers with the spec's own examples.
//!
//! Prism is installed with npm into `.tools/prism` (gitignored) at a pinned
//! version. Each spec gets its own `prism mock --errors` on a free port of
//! 127.0.0.1, logging to `target/contract/<api>.log`; the `contract` binary
//! drives the clients; every server is stopped before the verdict, and any
//! `Violation:` Prism logged fails the run as surely as a failed call.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// 5.14.2 is the newest release whose `engines` accepts Node.js 20; 5.15 and
/// later require Node.js 24.
const PRISM_VERSION: &str = "5.14.2";
const STARTUP_LIMIT: Duration = Duration::from_secs(120);

pub fn contract(root: &Path) -> Result<bool> {
    let prism = install_prism(root)?;
    cargo(root, &["build", "--quiet", "--locked", "--package", "contract"])?;

    let logs = root.join("target/contract");
    std::fs::create_dir_all(&logs).with_context(|| format!("creating {}", logs.display()))?;
    let mut servers = Vec::new();
    for (spec, _) in crate::curated_specs(root)? {
        let api = spec.file_stem().and_then(|s| s.to_str()).context("spec file name is not UTF-8")?.to_owned();
        let log = logs.join(format!("{api}.log"));
        servers.push(MockServer::start(&prism, &spec, &log, api)?);
    }
    for server in &mut servers {
        server.wait_until_listening()?;
    }

    let targets: Vec<String> = servers.iter().map(|s| format!("{}=http://127.0.0.1:{}", s.api, s.port)).collect();
    let mut args = vec!["run", "--quiet", "--locked", "--package", "contract", "--"];
    args.extend(targets.iter().map(String::as_str));
    let driven = Command::new(crate::cargo_path()).args(&args).current_dir(root).status().context("running the contract driver")?;

    let logs: Vec<PathBuf> = servers.iter().map(|s| s.log.clone()).collect();
    drop(servers);

    let mut violations = 0;
    for log in &logs {
        let text = std::fs::read_to_string(log).with_context(|| format!("reading {}", log.display()))?;
        for line in text.lines().filter(|l| l.contains("Violation:")) {
            println!("VIOLATION  {}: {}", log.display(), line.trim());
            violations += 1;
        }
    }
    println!("prism: {violations} violations logged (logs in target/contract/)");
    Ok(driven.success() && violations == 0)
}

/// The Prism executable, installed first if missing or at another version.
fn install_prism(root: &Path) -> Result<PathBuf> {
    crate::npm::tool(root, "prism", "@stoplight/prism-cli", PRISM_VERSION, "prism")
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(crate::cargo_path()).args(args).current_dir(root).status()?;
    if !status.success() {
        bail!("cargo {} failed", args.join(" "));
    }
    Ok(())
}

/// A running `prism mock`, stopped (with everything it started) when dropped.
struct MockServer {
    api: String,
    port: u16,
    log: PathBuf,
    child: Child,
}

impl MockServer {
    fn start(prism: &Path, spec: &Path, log: &Path, api: String) -> Result<Self> {
        let port = free_port()?;
        let output = File::create(log).with_context(|| format!("creating {}", log.display()))?;
        let child = Command::new(prism)
            .args(["mock", "--errors", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output)
            // Its own process group, so that stopping it stops any worker too.
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {}", prism.display()))?;
        Ok(MockServer { api, port, log: log.to_path_buf(), child })
    }

    fn wait_until_listening(&mut self) -> Result<()> {
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Some(status) = self.child.try_wait()? {
                bail!("prism for {} exited with {status}; see {}", self.api, self.log.display());
            }
            if started.elapsed() > STARTUP_LIMIT {
                bail!("prism for {} did not listen within {STARTUP_LIMIT:?}; see {}", self.api, self.log.display());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let signalled = Command::new("kill").args(["-TERM", "--", &group]).stderr(Stdio::null()).status();
        if !signalled.is_ok_and(|s| s.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}
