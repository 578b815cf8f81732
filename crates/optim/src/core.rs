//! The machinery the optimizers share: parameter groups, per-parameter state,
//! `step` over every parameter with a gradient, and state-dict save/load. Each
//! optimizer supplies only its hyper-parameters and update rule ([`Hyper`]).

use crate::optimizer::ParamGroup;
use crate::state::{ParamState, Slot, StateDict, StateValue};
use nanotorch_autograd::{NoGradGuard, Tensor};
use nanotorch_tensor::{DType, Element, Error, Result};
use std::collections::BTreeMap;

/// What the shared core needs from one optimizer's hyper-parameters.
pub(crate) trait Hyper: Clone {
    /// Entries a parameter's state may hold (besides none at all).
    const STATE_KEYS: &'static [&'static str];
    /// `"SGD"`, `"Adam"`, ... for error messages.
    fn name(&self) -> &'static str;
    fn validate(&self) -> Result<()>;
    fn set_lr(&mut self, lr: f64);
    fn to_map(&self) -> BTreeMap<String, StateValue>;
    /// A copy of `self` with the values in `m` (every key of `to_map` must be there).
    fn with_map(&self, m: &BTreeMap<String, StateValue>) -> Result<Self>;
    /// One parameter's update: `p` in place from gradient `g`, state in `slot`.
    fn update<T: Element>(&self, p: &mut [T], g: Vec<T>, slot: &mut Slot<'_>);
}

/// Reads a number hyper-parameter from a saved group.
pub(crate) fn get_number(
    name: &'static str,
    m: &BTreeMap<String, StateValue>,
    key: &str,
) -> Result<f64> {
    m.get(key).and_then(StateValue::as_number).ok_or_else(|| {
        Error::invalid(
            name,
            format!("load_state_dict: param group has no number '{key}'"),
        )
    })
}

/// Reads a flag hyper-parameter from a saved group.
pub(crate) fn get_bool(
    name: &'static str,
    m: &BTreeMap<String, StateValue>,
    key: &str,
) -> Result<bool> {
    m.get(key).and_then(StateValue::as_bool).ok_or_else(|| {
        Error::invalid(
            name,
            format!("load_state_dict: param group has no flag '{key}'"),
        )
    })
}

/// Groups, defaults and per-parameter state: everything but the update rule.
#[derive(Clone)]
pub(crate) struct Core<H> {
    pub(crate) groups: Vec<ParamGroup<H>>,
    pub(crate) defaults: H,
    /// One entry per parameter, over all groups in order.
    pub(crate) state: Vec<ParamState>,
}

impl<H: Hyper> Core<H> {
    pub(crate) fn new(params: Vec<Tensor>, options: H) -> Result<Self> {
        let mut core = Core {
            groups: Vec::new(),
            defaults: options.clone(),
            state: Vec::new(),
        };
        core.add_param_group(params, options)?;
        Ok(core)
    }

    pub(crate) fn add_param_group(&mut self, params: Vec<Tensor>, options: H) -> Result<()> {
        let name = options.name();
        options.validate()?;
        if params.is_empty() {
            return Err(Error::invalid(
                name,
                "optimizer got an empty parameter list",
            ));
        }
        for (i, p) in params.iter().enumerate() {
            if !p.is_leaf() {
                return Err(Error::invalid(
                    name,
                    format!("can't optimize a non-leaf Tensor (parameter {i} of the new group)"),
                ));
            }
            let seen_before = params[..i].iter().any(|q| q.is_same(p))
                || self
                    .groups
                    .iter()
                    .flat_map(|g| &g.params)
                    .any(|q| q.is_same(p));
            if seen_before {
                return Err(Error::invalid(name, format!("parameter {i} of the new group appears more than once (in this or another group)")));
            }
        }
        self.state.extend(params.iter().map(|_| ParamState::new()));
        self.groups.push(ParamGroup { params, options });
        Ok(())
    }

    pub(crate) fn step(&mut self) {
        let _no_grad = NoGradGuard::new();
        let mut states = self.state.iter_mut();
        for group in &self.groups {
            for p in &group.params {
                let state = states.next().expect("one state per parameter");
                let Some(g) = p.grad() else { continue };
                let shape = p.shape();
                let mut slot = Slot {
                    state,
                    shape: &shape,
                };
                match p.dtype() {
                    DType::F32 => update_one::<f32, H>(&group.options, p, &g, &mut slot),
                    DType::F64 => update_one::<f64, H>(&group.options, p, &g, &mut slot),
                }
            }
        }
    }

    pub(crate) fn params(&self) -> Vec<Tensor> {
        self.groups
            .iter()
            .flat_map(|g| g.params.iter().cloned())
            .collect()
    }

    #[track_caller]
    pub(crate) fn group(&self, group: usize) -> &ParamGroup<H> {
        let n = self.groups.len();
        self.groups.get(group).unwrap_or_else(|| {
            panic!(
                "{}: param group {group} out of range for {n} groups",
                self.defaults.name()
            )
        })
    }

    #[track_caller]
    pub(crate) fn set_group_lr(&mut self, group: usize, lr: f64) {
        let n = self.groups.len();
        let name = self.defaults.name();
        let g = self
            .groups
            .get_mut(group)
            .unwrap_or_else(|| panic!("{name}: param group {group} out of range for {n} groups"));
        g.options.set_lr(lr);
    }

    pub(crate) fn state_dict(&self) -> StateDict {
        let mut next = 0;
        let param_groups = self
            .groups
            .iter()
            .map(|g| {
                let mut m = g.options.to_map();
                let idx = (next..next + g.params.len()).collect();
                next += g.params.len();
                m.insert("params".into(), StateValue::Indices(idx));
                m
            })
            .collect();
        let state = self
            .state
            .iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(i, s)| (i, s.clone()))
            .collect();
        StateDict {
            state,
            param_groups,
        }
    }

    pub(crate) fn load_state_dict(&mut self, sd: &StateDict) -> Result<()> {
        let name = self.defaults.name();
        if sd.param_groups.len() != self.groups.len() {
            return Err(Error::invalid(name, format!("load_state_dict: loaded state dict has {} parameter groups, the optimizer has {}", sd.param_groups.len(), self.groups.len())));
        }
        let mut options = Vec::new();
        for (i, (saved, group)) in sd.param_groups.iter().zip(&self.groups).enumerate() {
            let n = match saved.get("params") {
                Some(StateValue::Indices(ix)) => ix.len(),
                _ => {
                    return Err(Error::invalid(
                        name,
                        format!("load_state_dict: param group {i} has no 'params' indices"),
                    ))
                }
            };
            if n != group.params.len() {
                return Err(Error::invalid(name, format!("load_state_dict: param group {i} has {n} parameters in the loaded state dict but {} in the optimizer", group.params.len())));
            }
            let o = group.options.with_map(saved)?;
            o.validate()?;
            options.push(o);
        }
        let params = self.params();
        let mut state = vec![ParamState::new(); params.len()];
        for (&i, entries) in &sd.state {
            let p = params.get(i).ok_or_else(|| Error::invalid(name, format!("load_state_dict: state for parameter {i}, but the optimizer has {} parameters", params.len())))?;
            let mut loaded = ParamState::new();
            for (key, value) in entries {
                if !H::STATE_KEYS.contains(&key.as_str()) {
                    return Err(Error::invalid(
                        name,
                        format!(
                            "load_state_dict: unexpected state entry '{key}' for parameter {i}"
                        ),
                    ));
                }
                let value = match (key.as_str(), value) {
                    ("step", StateValue::Number(_)) => value.clone(),
                    (_, StateValue::Array(a)) if a.shape() == p.shape().as_slice() => {
                        StateValue::Array(a.to_dtype(p.dtype()).contiguous())
                    }
                    (_, StateValue::Array(a)) => {
                        return Err(Error::ShapeMismatch { op: name, lhs: a.shape().to_vec(), rhs: p.shape().to_vec(), why: format!("load_state_dict: state entry '{key}' of parameter {i} must have the parameter's shape") });
                    }
                    _ => return Err(Error::invalid(name, format!("load_state_dict: state entry '{key}' of parameter {i} has the wrong kind"))),
                };
                loaded.insert(key.clone(), value);
            }
            state[i] = loaded;
        }
        for (g, o) in self.groups.iter_mut().zip(options) {
            g.options = o;
        }
        self.state = state;
        Ok(())
    }
}

/// Reads `p` and `g` as `T`, runs the update, writes `p` back.
fn update_one<T: Element, H: Hyper>(h: &H, p: &Tensor, g: &Tensor, slot: &mut Slot<'_>) {
    let mut pv = p.to_vec::<T>();
    let gv = g.to_vec::<T>();
    h.update(&mut pv, gv, slot);
    let new = crate::state::array_from(pv, slot.shape);
    p.copy_(&Tensor::from_array(new));
}
