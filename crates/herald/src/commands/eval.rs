//! `herald eval`: scores herald against gold data; a table by default, one JSON object of
//! percentages with `--json`.

use crate::cli::{EvalCommand, EvalNerArgs};
use anyhow::Context;
use herald_nlp::ner::{Tagger, conll};
use std::process::ExitCode;

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Ner(args) => eval_ner(args),
    }
}

fn eval_ner(args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    let docs =
        conll::read(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    anyhow::ensure!(
        !docs.is_empty(),
        "{} holds no CoNLL sentences",
        args.data.display()
    );
    let loaded;
    let tagger = match &args.model {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
            loaded = Tagger::from_bytes(&bytes)
                .with_context(|| format!("loading {}", path.display()))?;
            &loaded
        }
        None => Tagger::embedded(),
    };
    let report = herald_eval::ner::score(tagger, &docs);
    if let Some(path) = &args.errors {
        let lines = herald_eval::ner::errors(tagger, &docs);
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "herald eval ner: {} with {}",
            args.data.display(),
            tagger.card().name
        );
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
