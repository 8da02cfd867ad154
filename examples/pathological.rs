//! Times parse + link of each pathological shape of minutes ([`wgsite::fuzzing::PATHOLOGICAL`]:
//! runs of `[`, `<`, backticks, `*`, `](`, deep nesting, …) at two sizes, so the growth shows:
//! linear code takes about four times as long for four times the input, quadratic sixteen.
//!
//!   cargo run --release --example pathological -- [KB …]   (default: 256 1024)

use std::time::Instant;
use wgsite::fuzzing::{parse_and_link, pathological, PATHOLOGICAL};

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![256, 1024]
    } else {
        sizes
    };
    print!("{:<20}", "shape");
    for kb in &sizes {
        print!("{:>12}", format!("{kb} KB"));
    }
    println!();
    for shape in PATHOLOGICAL {
        print!("{shape:<20}");
        for kb in &sizes {
            let text = pathological(shape, kb * 1024);
            let start = Instant::now();
            let items = parse_and_link(text);
            print!("{:>12}", format!("{:.3} s", start.elapsed().as_secs_f64()));
            if std::env::var_os("COUNT").is_some() {
                print!(" ({items} found)");
            }
        }
        println!();
    }
}
