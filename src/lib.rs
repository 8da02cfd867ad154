//! wgsite: a static site generator for archives of working-group meeting minutes.
//!
//! Data flows one way: `config` → `source` (walk, read, normalise) → `minutes` (parse) →
//! `archive` (cross-link) → `render` → `output` (atomic write).

pub mod archive;
pub mod config;
pub mod diag;
pub mod error;
pub mod minutes;
pub mod highlight;
pub mod markdown;
pub mod model;
pub mod source;
