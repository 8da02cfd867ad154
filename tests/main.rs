//! The integration tests: one binary, a module per feature (`tests/README.md` explains the
//! harness). Fixture sites live in `tests/fixtures/<feature>/<case>/`.

mod actions;
mod bad_input;
mod browser;
mod build;
mod calendar;
mod common;
mod corpus;
mod crosslinks;
mod diagnostics;
mod html;
mod install_script;
mod layout;
mod orgwide;
mod packaging;
mod parser;
mod publishing;
mod rebuilds;
mod robustness;
mod search;
mod serve;
mod titles;
