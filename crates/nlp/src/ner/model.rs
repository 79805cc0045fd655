//! The tagger's weights, Viterbi decoding with BIO constraints, and the model file format.
//!
//! File format (`ner.v1`): zstd-compressed postcard of [`ModelFile`]: feature hashes, weights
//! quantised to i16 with one scale, transition scores, and a [`ModelCard`] recording the command
//! and data that produced it.

use super::tags::{self, Tag, N_TAGS};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys are already hashes; mix them once so that every bit of the bucket index is used.
#[derive(Default, Clone, Copy)]
pub struct MixHasher(u64);

impl Hasher for MixHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    #[inline]
    fn write_u64(&mut self, x: u64) {
        let m = x.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = m ^ (m >> 29);
    }
}

/// A map from feature hash to row.
pub type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<MixHasher>>;

/// Where a model came from: enough to reproduce it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelCard {
    /// Model name and version (`ner.v1`).
    pub name: String,
    /// The command that trained it.
    pub command: String,
    /// Training data (file name and size).
    pub train_data: String,
    /// Development data.
    pub dev_data: String,
    /// Epochs of training.
    pub epochs: u32,
    /// The shuffling seed.
    pub seed: u64,
    /// Development F1 (percent) of the saved weights.
    pub dev_f1: f64,
    /// Number of features kept.
    pub n_features: u64,
}

/// The serialised form.
#[derive(Serialize, Deserialize)]
pub struct ModelFile {
    /// Format version; readers refuse others.
    pub format: u32,
    /// The types, in tag order.
    pub types: Vec<String>,
    /// Feature hashes.
    pub keys: Vec<u64>,
    /// Weight = `weights[i] as f32 * scale`, `N_TAGS` per feature.
    pub scale: f32,
    /// Quantised weights.
    pub weights: Vec<i16>,
    /// Transition scores: `(N_TAGS + 1) × N_TAGS`, the last row from the sentence start.
    pub transitions: Vec<f32>,
    /// Provenance.
    pub card: ModelCard,
}

/// Current model file format.
pub const FORMAT: u32 = 1;

/// Errors loading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not zstd, or corrupt.
    #[error("model file is not a zstd stream: {0}")]
    Compression(#[from] std::io::Error),
    /// Not the expected structure.
    #[error("model file does not decode: {0}")]
    Decode(#[from] postcard::Error),
    /// A format this build cannot read.
    #[error("model format {found} is not {FORMAT}; retrain with `herald train ner` or use a matching herald")]
    Format {
        /// The format found.
        found: u32,
    },
    /// Inconsistent sizes.
    #[error("model file is inconsistent: {0}")]
    Shape(String),
}

/// A new process-unique weights id (never 0, which marks an empty cache).
pub fn next_weights_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// The weights of a linear-chain model over BIO tags.
#[derive(Clone)]
pub struct Weights {
    /// A process-unique id: caches of scores computed with these weights carry it.
    pub id: u64,
    /// Feature hash → row.
    pub index: FeatureIndex,
    /// `N_TAGS` weights per row.
    pub w: Vec<f32>,
    /// Transition scores `(N_TAGS + 1) × N_TAGS`; row `N_TAGS` is the start.
    pub trans: Vec<f32>,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { id: next_weights_id(), index: FeatureIndex::default(), w: Vec::new(), trans: vec![0.0; (N_TAGS + 1) * N_TAGS] }
    }
}

impl Weights {
    /// Adds the weights of the given features to `scores`.
    #[inline]
    pub fn add_features(&self, feats: &[u64], scores: &mut [f32; N_TAGS]) {
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let base = row as usize * N_TAGS;
                let w = &self.w[base..base + N_TAGS];
                for (s, x) in scores.iter_mut().zip(w) {
                    *s += x;
                }
            }
        }
    }

    /// The transition score from `prev` (`None` = start) to `next`.
    #[inline]
    pub fn transition(&self, prev: Option<Tag>, next: Tag) -> f32 {
        let row = prev.map_or(N_TAGS, |p| p as usize);
        self.trans[row * N_TAGS + next as usize]
    }

    /// The best tag sequence under the BIO constraints, with each token's margin (best score
    /// minus the best score of another tag at that position, by max-marginals).
    pub fn viterbi(&self, emissions: &[[f32; N_TAGS]]) -> (Vec<Tag>, Vec<f32>) {
        let n = emissions.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        const NEG: f32 = f32::NEG_INFINITY;
        let mut fwd = vec![[NEG; N_TAGS]; n];
        let mut back = vec![[0u8; N_TAGS]; n];
        // Transition scores with the BIO constraints folded in as -inf.
        let mut trans = [[NEG; N_TAGS]; N_TAGS + 1];
        for (row, scores) in trans.iter_mut().enumerate() {
            let prev = (row < N_TAGS).then_some(row as Tag);
            for (tag, score) in scores.iter_mut().enumerate() {
                if tags::allowed(prev, tag as Tag) {
                    *score = self.trans[row * N_TAGS + tag];
                }
            }
        }
        for tag in 0..N_TAGS {
            fwd[0][tag] = emissions[0][tag] + trans[N_TAGS][tag];
        }
        for i in 1..n {
            for tag in 0..N_TAGS {
                let mut best = NEG;
                let mut arg = 0u8;
                for prev in 0..N_TAGS {
                    let s = fwd[i - 1][prev] + trans[prev][tag];
                    if s > best {
                        best = s;
                        arg = prev as u8;
                    }
                }
                fwd[i][tag] = best + emissions[i][tag];
                back[i][tag] = arg;
            }
        }
        // Backward pass for max-marginals (confidence margins).
        let mut bwd = vec![[NEG; N_TAGS]; n];
        bwd[n - 1] = [0.0; N_TAGS];
        for i in (0..n - 1).rev() {
            for tag in 0..N_TAGS {
                let mut best = NEG;
                for next in 0..N_TAGS {
                    best = best.max(trans[tag][next] + emissions[i + 1][next] + bwd[i + 1][next]);
                }
                bwd[i][tag] = best;
            }
        }
        let mut last = 0u8;
        let mut best = NEG;
        for tag in 0..N_TAGS {
            if fwd[n - 1][tag] > best {
                best = fwd[n - 1][tag];
                last = tag as u8;
            }
        }
        let mut path = vec![0u8; n];
        path[n - 1] = last;
        for i in (1..n).rev() {
            path[i - 1] = back[i][path[i] as usize];
        }
        let margins = (0..n)
            .map(|i| {
                let chosen = path[i] as usize;
                let mut other = NEG;
                for tag in 0..N_TAGS {
                    if tag != chosen {
                        other = other.max(fwd[i][tag] + bwd[i][tag]);
                    }
                }
                best - other
            })
            .collect();
        (path, margins)
    }

    /// Serialises with the card (weights quantised to i16).
    pub fn to_file_bytes(&self, card: ModelCard) -> Vec<u8> {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(k, v)| (*k, *v)).collect();
        keys.sort_unstable();
        let max = self.w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut weights = Vec::with_capacity(keys.len() * N_TAGS);
        for (_, row) in &keys {
            let base = *row as usize * N_TAGS;
            weights.extend(self.w[base..base + N_TAGS].iter().map(|x| (x / scale).round() as i16));
        }
        let file = ModelFile {
            format: FORMAT,
            types: tags::TYPES.iter().map(|s| s.to_string()).collect(),
            keys: keys.iter().map(|(k, _)| *k).collect(),
            scale,
            weights,
            transitions: self.trans.clone(),
            card,
        };
        let raw = postcard::to_stdvec(&file).expect("a model serialises");
        zstd::encode_all(&raw[..], 19).expect("zstd compresses in memory")
    }

    /// Loads a model file.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<(Weights, ModelCard), ModelError> {
        let raw = zstd::decode_all(bytes)?;
        let file: ModelFile = postcard::from_bytes(&raw)?;
        if file.format != FORMAT {
            return Err(ModelError::Format { found: file.format });
        }
        if file.weights.len() != file.keys.len() * N_TAGS || file.transitions.len() != (N_TAGS + 1) * N_TAGS {
            return Err(ModelError::Shape(format!("{} keys, {} weights", file.keys.len(), file.weights.len())));
        }
        let mut index = FeatureIndex::with_capacity_and_hasher(file.keys.len(), Default::default());
        for (row, key) in file.keys.iter().enumerate() {
            index.insert(*key, row as u32);
        }
        let w = file.weights.iter().map(|q| f32::from(*q) * file.scale).collect();
        Ok((Weights { id: next_weights_id(), index, w, trans: file.transitions }, file.card))
    }
}
