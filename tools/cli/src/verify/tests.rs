use super::*;

const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

/// A scratch directory of its own per test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir()
            .join(format!("modelmint-cli-verify-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn toolchain() -> Toolchain {
    Toolchain {
        rustc: "rustc 1.85.0 (4d91de4e4 2025-02-17)".into(),
        cargo_contract: "5.0.3".into(),
        ink: "5.1.1".into(),
    }
}

fn hash(byte: u8) -> String {
    format!("0x{}", hex::encode([byte; 32]))
}

fn build() -> Build {
    Build {
        commit: Some("c0ffee".repeat(6) + "c0ff"),
        dirty: Some(false),
        changes: Some("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391".into()),
        mode: "release".into(),
        remapped_paths: true,
        toolchain: toolchain(),
        code_hashes: CONTRACTS
            .iter()
            .zip(1u8..)
            .map(|(name, byte)| ((*name).to_owned(), hash(byte)))
            .collect(),
    }
}

#[test]
fn the_code_hash_is_blake2b_256_as_pallet_contracts_and_b2sum_compute_it() {
    assert_eq!(
        code_hash_of(b""),
        "0x0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
    );
    assert_eq!(
        code_hash_of(b"abc"),
        "0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
    );
}

/// Artifacts as scripts/build.sh leaves them: a Wasm per contract and the record.
fn write_artifacts(dir: &Path) -> Build {
    let mut recorded = build();
    for name in CONTRACTS {
        let code = format!("\0asm code of {name}");
        let crate_dir = dir.join(format!("modelmint_{name}"));
        std::fs::create_dir_all(&crate_dir).unwrap();
        std::fs::write(crate_dir.join(format!("modelmint_{name}.wasm")), &code).unwrap();
        recorded.code_hashes.insert(name.to_owned(), code_hash_of(code.as_bytes()));
    }
    let info = json!({
        "commit": recorded.commit, "dirty": recorded.dirty, "changes": recorded.changes,
        "mode": "release", "remapped_paths": true, "toolchain": recorded.toolchain,
        "code_hashes": recorded.code_hashes,
    });
    std::fs::write(dir.join("build-info.json"), info.to_string()).unwrap();
    recorded
}

#[test]
fn a_build_record_is_read_only_while_every_wasm_is_the_one_it_records() {
    let scratch = Scratch::new("read");
    let recorded = write_artifacts(&scratch.0);
    assert_eq!(Build::read(&scratch.0).unwrap(), recorded);
    assert_eq!(Build::read(&scratch.0).unwrap().toolchain, toolchain());
    // Another build (ink_e2e's debug build) replaced the market's Wasm.
    let market = scratch.0.join("modelmint_market/modelmint_market.wasm");
    std::fs::write(&market, "\0asm debug build").unwrap();
    let error = Build::read(&scratch.0).unwrap_err();
    assert!(
        matches!(&error, CliError::Input(reason) if reason.contains("modelmint_market.wasm")),
        "{error}"
    );
    std::fs::remove_file(scratch.0.join("build-info.json")).unwrap();
    let error = Build::read(&scratch.0).unwrap_err();
    assert!(
        matches!(&error, CliError::Input(reason) if reason.contains("scripts/build.sh")),
        "{error}"
    );
}

#[test]
fn a_build_is_current_only_for_the_same_commit_and_changes_remapped_in_release() {
    let build = build();
    let state = SourceState {
        commit: build.commit.clone().unwrap(),
        dirty: false,
        changes: build.changes.clone().unwrap(),
    };
    assert_eq!(build.stale(&state), None);
    let moved = SourceState { commit: "1".repeat(40), ..state.clone() };
    assert!(build.stale(&moved).unwrap().contains(&"1".repeat(40)));
    let edited = SourceState { dirty: true, changes: "2".repeat(40), ..state.clone() };
    assert!(build.stale(&edited).unwrap().contains("uncommitted changes"));
    let debug = Build { mode: "debug".into(), ..build.clone() };
    assert!(debug.stale(&state).unwrap().contains("debug"));
    let plain = Build { remapped_paths: false, ..build.clone() };
    assert!(plain.stale(&state).unwrap().contains("remapping"));
    let unknown = Build { commit: None, ..build };
    assert!(unknown.stale(&state).unwrap().contains("unknown"));
}

#[test]
fn the_source_state_is_the_digest_scripts_build_sh_records() {
    let scratch = Scratch::new("git");
    let repo = &scratch.0;
    let run = |script: &str| {
        let output = Command::new("sh").arg("-c").arg(script).current_dir(repo).output().unwrap();
        assert!(output.status.success(), "{script}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    };
    run("git init -q && echo one > a && git add a && git -c user.name=t -c user.email=t@t commit -qm one");
    let clean = SourceState::of(repo).unwrap();
    assert_eq!(clean.commit, run("git rev-parse HEAD"));
    assert!(!clean.dirty);
    // scripts/build.sh's pipeline, byte for byte.
    let pipeline = "git diff HEAD --binary | git hash-object --stdin";
    assert_eq!(clean.changes, run(pipeline));
    run("echo two > a && printf '\\0\\1' > b && git add b");
    let dirty = SourceState::of(repo).unwrap();
    assert_eq!(dirty.commit, clean.commit);
    assert!(dirty.dirty);
    assert_ne!(dirty.changes, clean.changes);
    assert_eq!(dirty.changes, run(pipeline));
    // An untracked file is not part of the source.
    run("echo notes > untracked.txt");
    assert_eq!(SourceState::of(repo).unwrap(), dirty);
}

#[test]
fn a_contract_is_verified_only_when_the_chain_has_the_built_code() {
    let (a, b) = (hash(1), hash(2));
    assert_eq!(verdict(Some(&a), Some(&a)), Verdict::Verified);
    assert_eq!(verdict(Some(&a), Some(&b)), Verdict::Different);
    assert_eq!(verdict(None, Some(&b)), Verdict::Different);
    assert_eq!(verdict(Some(&a), None), Verdict::Missing);
    assert_eq!(build().name_of(&hash(3)), Some("market"));
    assert_eq!(build().name_of(&hash(9)), None);
}

#[test]
fn the_report_names_the_commit_and_both_hashes_of_a_difference() {
    let build = build();
    let manifest = json!({
        "network": "local",
        "source": { "commit": build.commit, "dirty": false },
        "contracts": {},
    });
    let targets = Targets::Manifest(PathBuf::from("deployments/local.json"), manifest);
    let verified =
        compared("registry", parse_account(ALICE).ok(), &build, Some(hash(1)), Some(hash(1)));
    let (text, json, ok) = report(&build, &targets, std::slice::from_ref(&verified));
    assert!(ok, "{text}");
    assert!(
        text.contains(&format!(
            "registry     {ALICE}  verified: code {}, built from commit c0ffeec0ffee",
            hash(1)
        )),
        "{text}"
    );
    assert!(text.contains("deployed from commit c0ffeec0ffee"), "{text}");
    assert_eq!(json["verified"], json!(true));
    assert_eq!(json["build"]["toolchain"]["cargo-contract"], json!("5.0.3"));
    assert_eq!(json["deployment"]["commit"], json!(build.commit));

    let different =
        compared("gateway", parse_account(ALICE).ok(), &build, Some(hash(7)), Some(hash(4)));
    let desk = missing(
        CODE_ONLY,
        None,
        Some(hash(2)),
        "no market runs at its address to read the desk from",
    );
    let checks = [verified, desk, different];
    let (text, json, ok) = report(&build, &targets, &checks);
    assert!(!ok);
    assert!(
        text.contains(&format!(
            "DIFFERENT: the chain has code {}, commit c0ffeec0ffee builds {}",
            hash(7),
            hash(4)
        )),
        "{text}"
    );
    assert!(text.contains("MISSING: no market runs"), "{text}");
    assert!(text.contains(&format!("(the manifest records {})", hash(4))), "{text}");
    assert!(text.ends_with("2 of 3 do not run the code commit c0ffeec0ffee builds"), "{text}");
    assert_eq!(json["contracts"][2]["verdict"], json!("different"));
    assert_eq!(json["contracts"][2]["on_chain"], json!(hash(7)));
    assert_eq!(json["contracts"][2]["built"], json!(hash(4)));
    assert_eq!(json["contracts"][1]["address"], Value::Null);
}

#[test]
fn an_address_whose_code_no_contract_has_is_different_and_unnamed() {
    let build = Build { dirty: Some(true), ..build() };
    let mut check = compared("?", parse_account(ALICE).ok(), &build, Some(hash(9)), None);
    check.contract = None;
    let (text, json, ok) = report(&build, &Targets::Addresses(vec![]), &[check]);
    assert!(!ok);
    assert!(text.contains("unknown code"), "{text}");
    assert!(
        text.contains("which no contract built from commit c0ffeec0ffee + uncommitted changes has"),
        "{text}"
    );
    assert_eq!(json["deployment"], Value::Null);
    assert_eq!(json["contracts"][0]["contract"], Value::Null);
    // No check at all verifies nothing.
    assert!(!report(&build, &Targets::Addresses(vec![]), &[]).2);
}
