class Kernels(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  def pack_linear_weight(self: __torch__.Kernels,
    weight: Tensor) -> Tensor:
    return ops.mkldnn._reorder_linear_weight(weight)
  def pack_linear_weight_bf16(self: __torch__.Kernels,
    weight: Tensor) -> Tensor:
    return ops.mkldnn._reorder_linear_weight(torch.to(weight, 15))
  def linear(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    packed: Tensor,
    attr: str,
    algorithm: str) -> Tensor:
    return ops.mkldnn._linear_pointwise(x, packed, bias, attr, annotate(List[Optional[Union[float, complex, int]]], []), algorithm)
  def linear_bf16(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    packed: Tensor,
    attr: str,
    algorithm: str) -> Tensor:
    y = ops.mkldnn._linear_pointwise(torch.to(x, 15), packed, torch.to(bias, 15), attr, annotate(List[Optional[Union[float, complex, int]]], []), algorithm)
    return torch.to(y, 6)
  def linear_add(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    other: Tensor,
    packed: Tensor) -> Tensor:
    return ops.mkldnn._linear_pointwise(x, other, packed, bias, "add")
  def linear_add_bf16(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    other: Tensor,
    packed: Tensor) -> Tensor:
    y = ops.mkldnn._linear_pointwise(torch.to(x, 15), packed, torch.to(bias, 15), "none", annotate(List[Optional[Union[float, complex, int]]], []), "none")
    return torch.add(torch.to(y, 6), other)
  def pack_linear_weight_int8(self: __torch__.Kernels,
    weight: Tensor,
    bias: Tensor) -> __torch__.torch.classes.quantized.LinearPackedParamsBase:
    scale = torch.div(torch.clamp_min(torch.amax(torch.abs(weight), [1]), 1.0e-12), 127.0)
    zero = torch.zeros([torch.size(weight, 0)], dtype=4)
    quantized = torch.quantize_per_channel(weight, scale, zero, 0, 12)
    return ops.quantized.linear_prepack(quantized, bias)
  def linear_int8(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    packed: __torch__.torch.classes.quantized.LinearPackedParamsBase,
    attr: str,
    algorithm: str,
    reduce_range: bool) -> Tensor:
    y = ops.quantized.linear_dynamic(x, packed, reduce_range)
    if attr == "gelu":
      return torch.gelu(y, approximate=algorithm)
    if attr == "relu":
      return torch.relu(y)
    return y
  def linear_add_int8(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    other: Tensor,
    packed: __torch__.torch.classes.quantized.LinearPackedParamsBase,
    reduce_range: bool) -> Tensor:
    return torch.add(ops.quantized.linear_dynamic(x, packed, reduce_range), other)
  def multi_head_attention(self: __torch__.Kernels,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    heads: int) -> Tensor:
    return (self).attend(q, k, v, heads, None)
  def masked_multi_head_attention(self: __torch__.Kernels,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    heads: int,
    mask: Tensor) -> Tensor:
    return (self).attend(q, k, v, heads, mask)
  def attend(self: __torch__.Kernels,
    q: Tensor,
    k: Tensor,
    v: Tensor,
    heads: int,
    mask: Optional[Tensor]) -> Tensor:
    b = q.size(0)
    t = q.size(1)
    c = q.size(2)
    d = c // heads
    qh = torch.transpose(torch.reshape(q, [b, t, heads, d]), 1, 2)
    kh = torch.transpose(torch.reshape(k, [b, k.size(1), heads, d]), 1, 2)
    vh = torch.transpose(torch.reshape(v, [b, v.size(1), heads, d]), 1, 2)
    o = torch.scaled_dot_product_attention(qh, kh, vh, mask)
    return torch.reshape(torch.transpose(o, 1, 2), [b, t, c])
  def post_norm_block(self: __torch__.Kernels,
    x: Tensor,
    weights: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    bf16: bool) -> Tensor:
    return (self).block(x, None, weights, heads, attention_eps, output_eps, attr, algorithm, bf16)
  def masked_post_norm_block(self: __torch__.Kernels,
    x: Tensor,
    mask: Tensor,
    weights: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    bf16: bool) -> Tensor:
    return (self).block(x, mask, weights, heads, attention_eps, output_eps, attr, algorithm, bf16)
  def block(self: __torch__.Kernels,
    x: Tensor,
    mask: Optional[Tensor],
    w: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    bf16: bool) -> Tensor:
    c = [torch.size(x, -1)]
    q = (self).packed_linear(x, w[1], w[0], "none", "none", bf16)
    k = (self).packed_linear(x, w[3], w[2], "none", "none", bf16)
    v = (self).packed_linear(x, w[5], w[4], "none", "none", bf16)
    context = (self).attend(q, k, v, heads, mask)
    attended = torch.layer_norm((self).packed_linear_add(context, w[7], x, w[6], bf16), c, w[8], w[9], attention_eps)
    hidden = (self).packed_linear(attended, w[11], w[10], attr, algorithm, bf16)
    return torch.layer_norm((self).packed_linear_add(hidden, w[13], attended, w[12], bf16), c, w[14], w[15], output_eps)
  def packed_linear(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    packed: Tensor,
    attr: str,
    algorithm: str,
    bf16: bool) -> Tensor:
    if bf16:
      return (self).linear_bf16(x, bias, packed, attr, algorithm)
    return (self).linear(x, bias, packed, attr, algorithm)
  def packed_linear_add(self: __torch__.Kernels,
    x: Tensor,
    bias: Tensor,
    other: Tensor,
    packed: Tensor,
    bf16: bool) -> Tensor:
    if bf16:
      return (self).linear_add_bf16(x, bias, other, packed)
    return (self).linear_add(x, bias, other, packed)
