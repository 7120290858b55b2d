//! ARM Live credentials: a user name and an access token, from options or the environment.

use std::fmt;

use crate::error::DiscoveryError;

/// An ARM Live user name and access token. `Debug` and `Display` never show the token.
#[derive(Clone, PartialEq, Eq)]
pub struct ArmCredentials {
    /// The ARM user name.
    pub username: String,
    /// The ARM Live access token (<https://adc.arm.gov/armlive/>).
    pub token: String,
}

impl ArmCredentials {
    /// Credentials from a user name and a token, both non-empty and without `:` or `&`.
    pub fn new(username: impl Into<String>, token: impl Into<String>) -> Result<Self, DiscoveryError> {
        let (username, token) = (username.into(), token.into());
        for (what, v) in [("user name", &username), ("token", &token)] {
            if v.is_empty() || v.contains([':', '&', '#', ' ', '\n']) {
                return Err(DiscoveryError::Invalid(format!(
                    "ARM {what} is empty or holds one of ':', '&', '#', space or newline"
                )));
            }
        }
        Ok(ArmCredentials { username, token })
    }

    /// Parse `USER:TOKEN`, as ARM Live's `user=` parameter takes them.
    pub fn parse(user_token: &str) -> Result<Self, DiscoveryError> {
        let (u, t) = user_token
            .split_once(':')
            .ok_or_else(|| DiscoveryError::Invalid("ARM credentials must be USER:TOKEN".into()))?;
        Self::new(u, t)
    }

    /// `given` (`USER:TOKEN`) if any, else the environment variables `ARM_USERNAME` and `ARM_TOKEN`.
    pub fn resolve(given: Option<&str>) -> Result<Self, DiscoveryError> {
        if let Some(g) = given {
            return Self::parse(g);
        }
        let get = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        match (get("ARM_USERNAME"), get("ARM_TOKEN")) {
            (Some(u), Some(t)) => Self::new(u, t),
            _ => Err(DiscoveryError::Invalid(
                "no ARM credentials: pass USER:TOKEN or set ARM_USERNAME and ARM_TOKEN".into(),
            )),
        }
    }

    /// The value of ARM Live's `user=` parameter, `USER:TOKEN`.
    pub(crate) fn user_param(&self) -> String {
        format!("{}:{}", self.username, self.token)
    }
}

impl fmt::Debug for ArmCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArmCredentials({}:***)", self.username)
    }
}

impl fmt::Display for ArmCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:***", self.username)
    }
}
