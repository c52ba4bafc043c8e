"""Torch ops that round the same for one row and for a batch of rows.

A sweep must equal its single runs bit for bit. Most elementwise ops do at any size,
but torch's vectorised sigmoid (used on 32 or more contiguous floats) rounds differently
from its scalar loop (used on the seed's two values). A stride-2 view keeps a batch on
the scalar loop, so every row rounds as the single run does.
"""

import torch


def sigmoid(z: torch.Tensor, batched: bool) -> torch.Tensor:
    if not batched:
        return torch.sigmoid(z)
    return torch.sigmoid(torch.stack((z, z), -1)[..., 0])
