"""engine/datasets.py: TFP's four datasets, seeded, in the square; the split and the features."""

import math

import pytest
import torch

from gradplay.engine import datasets

SHAPES = list(datasets.GENERATORS)


@pytest.mark.parametrize("name", SHAPES)
def test_a_dataset_is_deterministic_in_its_seed(name):
    a = datasets.make(name, 101, 20.0, 7)
    b = datasets.make(name, 101, 20.0, 7)
    c = datasets.make(name, 101, 20.0, 8)
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])
    assert not torch.equal(a[0], c[0])


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("noise", [0.0, 50.0])
def test_a_dataset_has_its_shape_labels_and_range(name, noise):
    xy, label = datasets.make(name, 101, noise, 0)
    assert xy.shape == (101, 2) and label.shape == (101,) and xy.dtype == label.dtype == torch.float32
    assert set(label.tolist()) == {0.0, 1.0}
    assert bool((xy.abs() <= datasets.DOMAIN).all())


def test_without_noise_each_label_follows_its_rule():
    gen = torch.Generator().manual_seed(0)
    xy, label = datasets.circle(200, 0.0, gen)
    r = xy.norm(dim=1)
    assert torch.equal(label, (r < 2.5).float()) and label[:100].eq(1).all() and label[100:].eq(0).all()
    assert bool(((r <= 2.5) | ((r >= 3.5) & (r <= 5.0 + 1e-5))).all())  # the disc, and the ring 3.5..5
    xy, label = datasets.xor(200, 0.0, gen)
    assert torch.equal(label, (xy[:, 0] * xy[:, 1] >= 0).float()) and bool((xy.abs() >= 0.3).all())
    xy, label = datasets.spiral(200, 0.0, gen)
    assert xy.norm(dim=1).max() < 5.0 and torch.equal(label, torch.cat((torch.ones(100), torch.zeros(100))))


def test_gauss_blobs_sit_at_their_centres_and_widen_with_noise():
    gen = torch.Generator().manual_seed(1)
    xy, label = datasets.gauss(1000, 0.0, gen)
    assert torch.allclose(xy[label == 1].mean(0), torch.tensor([2.0, 2.0]), atol=0.15)
    assert torch.allclose(xy[label == 0].mean(0), torch.tensor([-2.0, -2.0]), atol=0.15)
    assert abs(xy[label == 1].std(0).mean().item() - math.sqrt(0.5)) < 0.07
    wide, _ = datasets.gauss(1000, 0.5, gen)
    assert wide[:500].std(0).mean().item() > 1.7  # variance 4: std 2, less what the square clips


def test_noise_blurs_the_labels_of_circle_and_xor():
    for fn in (datasets.circle, datasets.xor):
        xy, label = fn(400, 0.5, torch.Generator().manual_seed(2))
        clean = (xy.norm(dim=1) < 2.5).float() if fn is datasets.circle else (xy[:, 0] * xy[:, 1] >= 0).float()
        assert 0 < (label != clean).sum() < 200


def test_user_points_are_kept_and_shuffled_by_the_seed():
    points = [[1.0, 2.0, 1.0], [-1.0, -2.0, 0.0], [3.0, 3.0, 1.0], [-4.0, 0.5, 0.0]]
    xy, label = datasets.make("points", 0, 0.0, 5, points)
    rows = sorted(torch.cat((xy, label[:, None]), 1).tolist())
    assert rows == sorted(points)
    again = datasets.make("points", 0, 0.0, 5, points)
    assert torch.equal(xy, again[0])


def test_the_split_takes_the_first_share_and_leaves_a_test_point():
    xy, label = datasets.make("circle", 500, 0.0, 0)
    (a, la), (b, lb) = datasets.split(xy, label, 0.5)
    assert len(a) == len(la) == 250 and len(b) == 250 and torch.equal(torch.cat((a, b)), xy)
    (a, _), (b, _) = datasets.split(xy[:2], label[:2], 0.9)
    assert len(a) == 1 and len(b) == 1


def test_features_are_the_named_columns():
    xy = torch.tensor([[2.0, -3.0], [0.5, 1.0]])
    out = datasets.features(xy, ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin_x1", "sin_x2"])
    x1, x2 = xy[:, 0], xy[:, 1]
    expected = torch.stack((x1, x2, x1 * x1, x2 * x2, x1 * x2, torch.sin(x1), torch.sin(x2)), 1)
    assert torch.equal(out, expected)


def test_the_lattice_runs_row_by_row_from_the_bottom_left():
    grid = datasets.lattice(3)
    assert grid.tolist() == [[-6.0, -6.0], [0.0, -6.0], [6.0, -6.0], [-6.0, 0.0], [0.0, 0.0], [6.0, 0.0],
                             [-6.0, 6.0], [0.0, 6.0], [6.0, 6.0]]
