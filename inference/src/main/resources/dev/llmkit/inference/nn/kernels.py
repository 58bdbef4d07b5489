class Kernels(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def forward(self: __torch__.Kernels,
    x: Tensor) -> Tensor:
    return x
  def pack_linear_weight(self: __torch__.Kernels,
    weight: Tensor) -> Tensor:
    return ops.mkldnn._reorder_linear_weight(weight)
  def linear(self: __torch__.Kernels,
    x: Tensor,
    packed: Tensor,
    bias: List[Tensor],
    attr: str,
    algorithm: str) -> Tensor:
    if torch.gt(torch.len(bias), 0):
      b = bias[0]
    else:
      b = None
    return ops.mkldnn._linear_pointwise(x, packed, b, attr, annotate(List[Optional[Union[float, complex, int]]], []), algorithm)
  def linear_add(self: __torch__.Kernels,
    x: Tensor,
    packed: Tensor,
    bias: List[Tensor],
    other: Tensor) -> Tensor:
    if torch.gt(torch.len(bias), 0):
      b = bias[0]
    else:
      b = None
    return ops.mkldnn._linear_pointwise(x, other, packed, b, "add")
  def multi_head_attention(self: __torch__.Kernels,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    heads: int,
    mask: List[Tensor]) -> Tensor:
    b = q.size(0)
    t = q.size(1)
    c = q.size(2)
    d = c // heads
    qh = torch.transpose(torch.reshape(q, [b, t, heads, d]), 1, 2)
    kh = torch.transpose(torch.reshape(k, [b, k.size(1), heads, d]), 1, 2)
    vh = torch.transpose(torch.reshape(v, [b, v.size(1), heads, d]), 1, 2)
    if torch.gt(torch.len(mask), 0):
      m = mask[0]
    else:
      m = None
    o = torch.scaled_dot_product_attention(qh, kh, vh, m)
    return torch.reshape(torch.transpose(o, 1, 2), [b, t, c])
