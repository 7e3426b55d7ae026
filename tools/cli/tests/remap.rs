//! scripts/lib/rustc-remap.sh, the rustc wrapper that makes contract builds
//! path-independent: the arguments it adds, run against a stand-in rustc that
//! prints its arguments.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory of its own per test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("modelmint-remap-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir.canonicalize().unwrap())
    }

    /// A checkout holding a copy of the wrapper; returns the wrapper's path.
    fn checkout(&self, name: &str) -> PathBuf {
        let lib = self.0.join(name).join("scripts/lib");
        std::fs::create_dir_all(&lib).unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/lib/rustc-remap.sh");
        let wrapper = lib.join("rustc-remap.sh");
        std::fs::copy(source, &wrapper).unwrap();
        wrapper
    }

    /// `<dir>/sysroot/bin/rustc`: prints its arguments, one a line, and a
    /// version for `-vV`.
    fn rustc(&self) -> PathBuf {
        let bin = self.0.join("sysroot/bin");
        std::fs::create_dir_all(&bin).unwrap();
        let rustc = bin.join("rustc");
        std::fs::write(
            &rustc,
            "#!/bin/sh\n[ \"$1\" = -vV ] && { echo 'rustc 1.85.0'; echo 'host: x'; exit 0; }\nfor a in \"$@\"; do echo \"$a\"; done\n",
        )
        .unwrap();
        Command::new("chmod").arg("+x").arg(&rustc).status().unwrap();
        rustc
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `wrapper rustc args` with only the given variables set (and PATH).
fn run(wrapper: &Path, rustc: &Path, args: &[&str], env: &[(&str, &Path)]) -> Vec<String> {
    let mut command = Command::new("bash");
    command.arg(wrapper).arg(rustc).args(args).env_clear();
    command.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap().lines().map(str::to_owned).collect()
}

fn remap(from: &Path, to: &str) -> String {
    format!("--remap-path-prefix={}={to}", from.display())
}

#[test]
fn every_directory_a_build_reads_is_remapped_general_first_specific_last() {
    let scratch = Scratch::new("dirs");
    let (wrapper, rustc) = (scratch.checkout("checkout"), scratch.rustc());
    let (home, tmp) = (scratch.0.join("home"), scratch.0.join("tmp"));
    let cargo_home = scratch.0.join("cargo-home");
    let index = cargo_home.join("registry/src/index.crates.io-1949cf8c6b5b557f");
    let other_index = cargo_home.join("registry/src/mirror.example-0123456789abcdef");
    for dir in [&home, &tmp, &index, &other_index] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let out_dir = scratch.0.join("target/release/build/foo-1234/out");
    let manifest_dir = tmp.join("cargo-contract_Ab12Cd/contracts/registry");
    let args = ["--crate-name", "modelmint_registry", "lib.rs", "-Copt-level=z"];
    let env = [
        ("HOME", home.as_path()),
        ("TMPDIR", tmp.as_path()),
        ("CARGO_HOME", cargo_home.as_path()),
        ("OUT_DIR", out_dir.as_path()),
        ("CARGO_MANIFEST_DIR", manifest_dir.as_path()),
    ];
    let printed = run(&wrapper, &rustc, &args, &env);
    // rustc's own arguments first, unchanged.
    assert_eq!(printed[..4], args.map(str::to_owned), "{printed:#?}");
    let expected = [
        remap(&tmp, "tmp"),
        remap(&home, "~"),
        remap(&scratch.0.join("sysroot/lib/rustlib/src/rust"), "rust"),
        remap(&scratch.0.join("checkout"), "modelmint"),
        remap(&tmp.join("cargo-contract_Ab12Cd"), "modelmint"),
        remap(&out_dir, "out"),
        remap(&index, "crates"),
        remap(&other_index, "crates"),
        remap(&cargo_home.join("git/checkouts"), "git"),
    ];
    assert_eq!(printed[4..], expected, "{printed:#?}");
}

#[test]
fn a_checkout_behind_a_symbolic_link_is_remapped_under_both_names() {
    let scratch = Scratch::new("link");
    scratch.checkout("real");
    let rustc = scratch.rustc();
    std::os::unix::fs::symlink(scratch.0.join("real"), scratch.0.join("link")).unwrap();
    let wrapper = scratch.0.join("link/scripts/lib/rustc-remap.sh");
    let home = scratch.0.join("home");
    let printed = run(&wrapper, &rustc, &["x.rs"], &[("HOME", &home)]);
    assert!(printed.contains(&remap(&scratch.0.join("link"), "modelmint")), "{printed:#?}");
    assert!(printed.contains(&remap(&scratch.0.join("real"), "modelmint")), "{printed:#?}");
    // Without CARGO_HOME, cargo's default under HOME.
    assert!(printed.contains(&remap(&home.join(".cargo/git/checkouts"), "git")), "{printed:#?}");
}

#[test]
fn a_root_home_or_temporary_directory_is_never_a_prefix() {
    let scratch = Scratch::new("root");
    let (wrapper, rustc) = (scratch.checkout("checkout"), scratch.rustc());
    let printed =
        run(&wrapper, &rustc, &["x.rs"], &[("HOME", Path::new("/")), ("TMPDIR", Path::new("/"))]);
    assert!(!printed.iter().any(|arg| arg.starts_with("--remap-path-prefix=/=")), "{printed:#?}");
}

#[test]
fn cargo_sees_the_wrapper_in_rustc_s_version_whatever_the_checkout_s_path() {
    let scratch = Scratch::new("version");
    let rustc = scratch.rustc();
    let versions: Vec<Vec<String>> = ["one", "two/deeper"]
        .iter()
        .map(|checkout| run(&scratch.checkout(checkout), &rustc, &["-vV"], &[]))
        .collect();
    assert_eq!(versions[0][..2], ["rustc 1.85.0", "host: x"]);
    let marker = &versions[0][2];
    assert!(marker.starts_with("modelmint-remap: ") && marker.len() == 17 + 16, "{marker}");
    // The same line in any checkout: cargo hashes it into -C metadata.
    assert_eq!(versions[0], versions[1]);
    assert_eq!(versions[0].len(), 3, "no remapping flags with -vV: {versions:#?}");
}

/// The `-C metadata` value the wrapper passes on.
fn metadata_of(printed: &[String]) -> &str {
    let at = printed.iter().position(|arg| arg == "-C").unwrap();
    printed[at + 1..]
        .iter()
        .find_map(|arg| arg.strip_prefix("metadata="))
        .unwrap_or_else(|| panic!("no -C metadata in {printed:#?}"))
}

#[test]
fn a_crate_of_the_checkout_gets_the_same_metadata_in_any_checkout_and_a_crates_io_one_keeps_its_own(
) {
    let scratch = Scratch::new("metadata");
    let rustc = scratch.rustc();
    let tmp = scratch.0.join("tmp");
    // cargo hashed each checkout's absolute path into the shared crate's
    // metadata; the contract crate is built in cargo-contract's workspace.
    let units = |checkout: &str, metadata: &str, cfg: &str| {
        let wrapper = scratch.checkout(checkout);
        let common = scratch.0.join(checkout).join("contracts/common");
        let temporary = format!("cargo-contract_{}", checkout.replace('/', "_"));
        let contract = tmp.join(temporary).join("contracts/registry");
        let args = |name: &str| {
            ["--crate-name", name, "--cfg", cfg, "-C", &format!("metadata={metadata}"), "x.rs"]
                .map(str::to_owned)
        };
        let common_args = args("modelmint_common");
        let contract_args = args("modelmint_registry");
        let common_args: Vec<&str> = common_args.iter().map(String::as_str).collect();
        let contract_args: Vec<&str> = contract_args.iter().map(String::as_str).collect();
        [
            run(&wrapper, &rustc, &common_args, &[("CARGO_MANIFEST_DIR", &common)]),
            run(&wrapper, &rustc, &contract_args, &[("CARGO_MANIFEST_DIR", &contract)]),
        ]
    };
    let one = units("one", "1111aaaa", "feature=\"std\"");
    let two = units("two/deeper", "2222bbbb", "feature=\"std\"");
    for (a, b) in one.iter().zip(&two) {
        assert_eq!(metadata_of(a), metadata_of(b), "{a:#?}\n{b:#?}");
        assert_ne!(metadata_of(a), "1111aaaa");
    }
    // two crates, or one crate with other features, stay apart
    assert_ne!(metadata_of(&one[0]), metadata_of(&one[1]));
    let no_std = units("three", "1111aaaa", "feature=\"default\"");
    assert_ne!(metadata_of(&no_std[0]), metadata_of(&one[0]));
    // a crate outside the checkout (crates.io's) keeps cargo's value
    let wrapper = scratch.checkout("one");
    let outside = scratch.0.join("cargo-home/registry/src/index/ink_env-5.1.1");
    let printed = run(
        &wrapper,
        &rustc,
        &["-C", "metadata=3333cccc", "x.rs"],
        &[("CARGO_MANIFEST_DIR", &outside)],
    );
    assert_eq!(metadata_of(&printed), "3333cccc");
}
