//! A throwaway PostgreSQL server for a test: Debian's `initdb` and `pg_ctl`
//! in a temporary directory, on a port of its own, stopped when dropped.
//! No system service is needed. As root, the server runs as the `postgres`
//! user (PostgreSQL refuses to run as root).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running server.
pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    /// Its URL (`postgres://postgres@127.0.0.1:PORT/postgres`).
    pub url: String,
}

/// The directory of Debian's PostgreSQL binaries.
fn binaries() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.flatten().map(|entry| entry.path().join("bin")).collect())
        .unwrap_or_default();
    versions.retain(|dir| dir.join("initdb").exists() && dir.join("pg_ctl").exists());
    versions.sort();
    versions.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL's initdb and pg_ctl are not installed (/usr/lib/postgresql/*/bin): \
             install Debian's postgresql package (scripts/setup.sh does)"
        )
    })
}

fn run(command: &mut Command, what: &str) {
    let output = command.output().unwrap_or_else(|error| panic!("cannot run {what}: {error}"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener.local_addr().expect("the port").port()
}

impl Postgres {
    /// Creates a cluster in a temporary directory and starts it.
    ///
    /// # Panics
    /// With a sentence naming the package if the binaries are missing, or
    /// if the server does not start.
    pub fn start() -> Self {
        let bin = binaries();
        let dir = tempfile::Builder::new()
            .prefix("modelmint-index-pg")
            .tempdir()
            .expect("a temporary directory");
        // Root (uid 0) must hand the cluster to the postgres user.
        let as_postgres =
            Command::new("id").arg("-u").output().map(|out| out.stdout == b"0\n").unwrap_or(false);
        if as_postgres {
            run(Command::new("chown").args(["-R", "postgres:"]).arg(dir.path()), "chown");
        }
        let port = free_port();
        let data = dir.path().join("data");
        let server = Self {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            dir,
            bin,
            as_postgres,
        };
        run(
            &mut server.command(
                "initdb",
                &[
                    "-D",
                    &data.to_string_lossy(),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ],
            ),
            "initdb",
        );
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            server.dir.path().display()
        );
        let log = server.dir.path().join("server.log");
        run(
            &mut server.command(
                "pg_ctl",
                &[
                    "-D",
                    &data.to_string_lossy(),
                    "-o",
                    &options,
                    "-l",
                    &log.to_string_lossy(),
                    "-w",
                    "start",
                ],
            ),
            "pg_ctl start",
        );
        server
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let program = self.bin.join(program);
        let mut command = if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&program);
            command
        } else {
            Command::new(&program)
        };
        command.args(args).current_dir(self.dir.path());
        command
    }

    fn data(&self) -> PathBuf {
        Path::new(self.dir.path()).join("data")
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl", &["-D", &data.to_string_lossy(), "-m", "immediate", "-w", "stop"])
            .output();
    }
}
