//! `herald eval`: scores herald against gold data; a table by default, one JSON object of
//! percentages with `--json`.

use crate::cli::{EvalAttributionArgs, EvalCommand, EvalNerArgs, EvalPosArgs, EvalSpeakersArgs, EvalTimeArgs};
use anyhow::Context;
use herald_nlp::ner::{Tagger, conll};
use std::process::ExitCode;

pub fn run(cmd: EvalCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        EvalCommand::Ner(args) => eval_ner(args),
        EvalCommand::Attribution(args) => eval_attribution(args),
        EvalCommand::Time(args) => eval_time(args),
        EvalCommand::Pos(args) => eval_pos(args),
        EvalCommand::Speakers(args) => eval_speakers(args),
    }
}

/// Reads and loads a model file given with `--model`.
fn load_model<T, E>(path: &std::path::Path, from_bytes: impl FnOnce(&[u8]) -> Result<T, E>) -> anyhow::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    from_bytes(&bytes).with_context(|| format!("loading {}", path.display()))
}

fn eval_pos(args: EvalPosArgs) -> anyhow::Result<ExitCode> {
    use herald_nlp::pos::{PosTagger, train};
    let sentences = train::read(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    anyhow::ensure!(!sentences.is_empty(), "{} holds no CoNLL sentences", args.data.display());
    let loaded = args.model.as_deref().map(|path| load_model(path, PosTagger::from_bytes)).transpose()?;
    let tagger = match &loaded {
        Some(tagger) => tagger,
        None => PosTagger::embedded().context("this build has no part-of-speech model; train one with `herald train pos`")?,
    };
    let report = train::score(tagger, &sentences);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        crate::outln!("herald eval pos: {} with {}", args.data.display(), tagger.card().name);
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_ner(args: EvalNerArgs) -> anyhow::Result<ExitCode> {
    let docs = conll::read(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    anyhow::ensure!(!docs.is_empty(), "{} holds no CoNLL sentences", args.data.display());
    let loaded = args.model.as_deref().map(|path| load_model(path, Tagger::from_bytes)).transpose()?;
    let tagger = loaded.as_ref().unwrap_or_else(|| Tagger::embedded());
    let report = herald_eval::ner::score(tagger, &docs);
    if let Some(path) = &args.errors {
        let lines = herald_eval::ner::errors(tagger, &docs);
        std::fs::write(path, lines.join("\n") + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        crate::outln!("herald eval ner: {} with {}", args.data.display(), tagger.card().name);
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_attribution(args: EvalAttributionArgs) -> anyhow::Result<ExitCode> {
    use herald_nlp::quotes::{AttributionTagger, polnear};
    if args.agreement {
        return eval_annotator_agreement(&args);
    }
    let gold =
        polnear::load_split(&args.data, &args.split).with_context(|| format!("reading {} split {}", args.data.display(), args.split))?;
    anyhow::ensure!(!gold.articles.is_empty(), "{} has no articles in split {}", args.data.display(), args.split);
    let loaded = args.model.as_deref().map(|path| load_model(path, AttributionTagger::from_bytes)).transpose()?;
    anyhow::ensure!(
        loaded.is_some() || AttributionTagger::embedded().is_some(),
        "this build has no attribution model; train one with `herald train attribution` or pass --model"
    );
    let tagger = loaded.as_ref().or(AttributionTagger::embedded());
    anyhow::ensure!(
        !args.accurate || tagger.is_some_and(AttributionTagger::has_second_pass),
        "--accurate runs the attribution tagger's second pass, and this model has one pass only (retrain it with `herald train attribution`)"
    );
    let predictions = herald_eval::polnear::predict(&gold.articles, loaded.as_ref(), args.accurate);
    let report = herald_eval::polnear::score(&gold.articles, &predictions);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        crate::outln!("herald eval attribution: PolNeAR {} ({} articles)", args.split, gold.articles.len());
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_annotator_agreement(args: &EvalAttributionArgs) -> anyhow::Result<ExitCode> {
    let articles = herald_nlp::quotes::polnear::load_multiply_annotated(&args.data, &args.split)
        .with_context(|| format!("reading {} split {}", args.data.display(), args.split))?;
    anyhow::ensure!(!articles.is_empty(), "{} split {} has no article with more than one annotation file", args.data.display(), args.split);
    let report = herald_eval::polnear::agreement(&articles);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        let files: usize = articles.iter().map(|a| a.others.len()).sum();
        crate::outln!(
            "herald eval attribution --agreement: PolNeAR {} ({} articles with several annotators; {} files scored against each article's first)",
            args.split,
            articles.len(),
            files
        );
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_time(args: EvalTimeArgs) -> anyhow::Result<ExitCode> {
    let docs = herald_eval::timeml::load_dir(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    anyhow::ensure!(!docs.is_empty(), "{} holds no .tml files", args.data.display());
    let (report, errors) = herald_eval::timeml::score(&docs);
    if let Some(path) = &args.errors {
        std::fs::write(path, errors.join("\n") + "\n").with_context(|| format!("writing {}", path.display()))?;
    }
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        crate::outln!("herald eval time: {}", args.data.display());
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_speakers(args: EvalSpeakersArgs) -> anyhow::Result<ExitCode> {
    use herald_eval::speakers;
    use rayon::prelude::*;
    use std::collections::{BTreeSet, HashMap};
    let text = std::fs::read_to_string(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    let gold = speakers::read_gold(&text).with_context(|| format!("reading {}", args.data.display()))?;
    anyhow::ensure!(!gold.is_empty(), "{} holds no gold attributions", args.data.display());
    let records: HashMap<String, serde_json::Value> = match &args.records {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let mut records = HashMap::new();
            for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
                let r: serde_json::Value =
                    serde_json::from_str(line).with_context(|| format!("{}:{}: not a herald record", path.display(), i + 1))?;
                let id = r.pointer("/article/id").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                records.insert(id, r);
            }
            records
        }
        None => {
            let dir = match &args.text {
                Some(dir) => dir.clone(),
                None => args.data.parent().and_then(|p| p.parent()).map(|p| p.join("dev").join("text")).unwrap_or_default(),
            };
            let docs: BTreeSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
            let pipeline = herald_nlp::Pipeline::with_second_attribution_pass(args.accurate);
            docs.into_par_iter()
                .map(|doc| -> anyhow::Result<(String, serde_json::Value)> {
                    let path = dir.join(format!("{doc}.txt"));
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("reading {} (give the texts' directory with --text)", path.display()))?;
                    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                    let mut article = herald_reader::read_bytes(bytes, name, herald_reader::ReadOptions::default())
                        .into_iter()
                        .next()
                        .context("no article")?
                        .with_context(|| format!("reading {}", path.display()))?;
                    pipeline.run(&mut article);
                    let record = herald_record::Record::from_document(&article, herald_record::RecordOptions::default());
                    // Through the text a user reads (numbers written as `herald extract` writes them).
                    Ok((doc.to_string(), serde_json::from_str(&serde_json::to_string(&record)?)?))
                })
                .collect::<anyhow::Result<_>>()?
        }
    };
    let report = speakers::score(&gold, &records);
    if args.json {
        crate::outln!("{}", serde_json::to_string(&report)?);
    } else {
        crate::outln!("herald eval speakers: {}", args.data.display());
        crate::outln!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}
