#!/usr/bin/env python3
"""Independent numpy reference for Starmill's Network module.

Builds a tiny network (convolution with bias, batch norm, ReLU, max pool, a residual block with a
1x1 projection shortcut, an identity residual block, average pool, global average pool, dense,
ReLU, dense) with fixed pseudo-random weights, runs a batch through it in float64 -- in inference
mode (batch norm with running statistics) and in training mode (batch statistics, running
statistics updated with momentum 0.1 and the unbiased variance, as PyTorch does) -- and writes
inputs, weights, architecture and outputs to reference.json beside this script.

The convolution here is a direct sum over kernel taps on a zero-padded input (no im2col), so it
shares no code path with the Swift implementation. Parameter names follow the Swift module
(`layers.<i>.<...>`). Run: python3 make_reference.py (numpy only); the output is committed.
"""
import json
import os

import numpy as np

rng = np.random.default_rng(20190101)
EPS = 1e-5
MOMENTUM = 0.1

arch = {
    "inputShape": [3, 8, 8],
    "layers": [
        {"convolution": {"inputChannels": 3, "outputChannels": 4, "kernel": 3, "stride": 1, "padding": 1, "bias": True}},
        {"batchNormalization": {"channels": 4}},
        {"relu": {}},
        {"maxPooling": {"size": 2, "stride": 2}},
        {"residual": {"inputChannels": 4, "outputChannels": 6, "stride": 2}},
        {"residual": {"inputChannels": 6, "outputChannels": 6, "stride": 1}},
        {"averagePooling": {"size": 2, "stride": 1}},
        {"globalAveragePooling": {}},
        {"dense": {"inputs": 6, "outputs": 5}},
        {"relu": {}},
        {"dense": {"inputs": 5, "outputs": 2}},
    ],
}

weights = {}


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def conv_params(name, cin, cout, k, bias):
    weights[name + ".weight"] = f32(rng.normal(0, np.sqrt(2.0 / (cin * k * k)), (cout, cin, k, k)))
    if bias:
        weights[name + ".bias"] = f32(rng.normal(0, 0.1, cout))


def bn_params(name, c):
    weights[name + ".scale"] = f32(rng.uniform(0.5, 1.5, c))
    weights[name + ".shift"] = f32(rng.normal(0, 0.2, c))
    weights[name + ".running_mean"] = f32(rng.normal(0, 0.3, c))
    weights[name + ".running_variance"] = f32(rng.uniform(0.5, 2.0, c))


def dense_params(name, n_in, n_out):
    weights[name + ".weight"] = f32(rng.normal(0, np.sqrt(1.0 / n_in), (n_out, n_in)))
    weights[name + ".bias"] = f32(rng.normal(0, 0.1, n_out))


conv_params("layers.0", 3, 4, 3, True)
bn_params("layers.1", 4)
for name, cin, cout, proj in (("layers.4", 4, 6, True), ("layers.5", 6, 6, False)):
    conv_params(name + ".conv1", cin, cout, 3, False)
    bn_params(name + ".bn1", cout)
    conv_params(name + ".conv2", cout, cout, 3, False)
    bn_params(name + ".bn2", cout)
    if proj:
        conv_params(name + ".projection", cin, cout, 1, False)
        bn_params(name + ".projection_bn", cout)
dense_params("layers.8", 6, 5)
dense_params("layers.10", 5, 2)

x0 = f32(rng.normal(0, 1, (3, 3, 8, 8)))


def conv(x, w, b, stride, pad):
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    xp = np.zeros((n, c, h + 2 * pad, wd + 2 * pad))
    xp[:, :, pad:pad + h, pad:pad + wd] = x
    ho = (h + 2 * pad - k) // stride + 1
    wo = (wd + 2 * pad - k) // stride + 1
    out = np.zeros((n, o, ho, wo))
    for ky in range(k):
        for kx in range(k):
            patch = xp[:, :, ky:ky + stride * (ho - 1) + 1:stride, kx:kx + stride * (wo - 1) + 1:stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, ky, kx])
    if b is not None:
        out += b[None, :, None, None]
    return out


def bn(x, name, training, state):
    g, b = weights[name + ".scale"], weights[name + ".shift"]
    if training:
        m = x.mean(axis=(0, 2, 3))
        v = x.var(axis=(0, 2, 3))
        count = x.shape[0] * x.shape[2] * x.shape[3]
        state[name + ".running_mean"] = (1 - MOMENTUM) * weights[name + ".running_mean"] + MOMENTUM * m
        state[name + ".running_variance"] = (1 - MOMENTUM) * weights[name + ".running_variance"] + MOMENTUM * v * count / (count - 1)
    else:
        m, v = weights[name + ".running_mean"], weights[name + ".running_variance"]
    return g[None, :, None, None] * (x - m[None, :, None, None]) / np.sqrt(v[None, :, None, None] + EPS) + b[None, :, None, None]


def pool(x, size, stride, op):
    n, c, h, w = x.shape
    ho, wo = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((n, c, ho, wo))
    for y in range(ho):
        for xx in range(wo):
            win = x[:, :, y * stride:y * stride + size, xx * stride:xx * stride + size]
            out[:, :, y, xx] = op(win, axis=(2, 3))
    return out


def residual(x, name, stride, proj, training, state):
    relu = lambda t: np.maximum(t, 0)
    h = relu(bn(conv(x, weights[name + ".conv1.weight"], None, stride, 1), name + ".bn1", training, state))
    h = bn(conv(h, weights[name + ".conv2.weight"], None, 1, 1), name + ".bn2", training, state)
    s = bn(conv(x, weights[name + ".projection.weight"], None, stride, 0), name + ".projection_bn", training, state) if proj else x
    return relu(h + s)


def forward(x, training):
    state = {}
    relu = lambda t: np.maximum(t, 0)
    h = conv(x, weights["layers.0.weight"], weights["layers.0.bias"], 1, 1)
    h = relu(bn(h, "layers.1", training, state))
    h = pool(h, 2, 2, np.max)
    h = residual(h, "layers.4", 2, True, training, state)
    h = residual(h, "layers.5", 1, False, training, state)
    h = pool(h, 2, 1, np.mean)
    h = h.mean(axis=(2, 3))
    h = relu(h @ weights["layers.8.weight"].T + weights["layers.8.bias"])
    h = h @ weights["layers.10.weight"].T + weights["layers.10.bias"]
    return h, state


inference, _ = forward(x0, False)
training, state = forward(x0, True)

out = {
    "comment": "Written by make_reference.py (numpy float64 reference); do not edit by hand.",
    "architecture": arch,
    "batch": int(x0.shape[0]),
    "input": x0.ravel().tolist(),
    "weights": {k: {"shape": list(v.shape), "values": v.ravel().tolist()} for k, v in sorted(weights.items())},
    "inference_output": inference.ravel().tolist(),
    "training_output": training.ravel().tolist(),
    "running_statistics_after_training": {k: v.ravel().tolist() for k, v in sorted(state.items())},
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(f"wrote {path}: inference {inference.round(5).tolist()}")
