//! Integration tests of atmokit-track on objects whose answer is known by construction.
mod constructed;
mod curvilinear;
mod deep;
mod end_to_end;
mod ocetrac;
