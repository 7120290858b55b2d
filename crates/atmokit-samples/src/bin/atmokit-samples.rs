//! Write atmokit's sample files: `atmokit-samples [DIR]` (default `data`).

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "data".to_string());
    let dir = std::path::Path::new(&dir);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("atmokit-samples: {}: {e}", dir.display());
        std::process::exit(1);
    }
    match atmokit_samples::write_all(dir) {
        Ok(paths) => {
            for p in paths {
                println!("{}", p.display());
            }
        }
        Err(e) => {
            eprintln!("atmokit-samples: {e}");
            std::process::exit(1);
        }
    }
}
