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
    mask: Tensor,
    packed: List[Tensor],
    tensors: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    format: int) -> Tensor:
    return (self).block(x, mask, packed, annotate(List[__torch__.torch.classes.quantized.LinearPackedParamsBase], []), tensors, heads, attention_eps, output_eps, attr, algorithm, format, False)
  def post_norm_block_int8(self: __torch__.Kernels,
    x: Tensor,
    mask: Tensor,
    packed: List[__torch__.torch.classes.quantized.LinearPackedParamsBase],
    tensors: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    reduce_range: bool) -> Tensor:
    return (self).block(x, mask, annotate(List[Tensor], []), packed, tensors, heads, attention_eps, output_eps, attr, algorithm, 2, reduce_range)
  def block(self: __torch__.Kernels,
    x: Tensor,
    mask: Tensor,
    packed: List[Tensor],
    packed_int8: List[__torch__.torch.classes.quantized.LinearPackedParamsBase],
    tensors: List[Tensor],
    heads: int,
    attention_eps: float,
    output_eps: float,
    attr: str,
    algorithm: str,
    format: int,
    reduce_range: bool) -> Tensor:
    c = [torch.size(x, -1)]
    q = (self).product(x, 0, packed, packed_int8, tensors, "none", "none", format, reduce_range)
    k = (self).product(x, 1, packed, packed_int8, tensors, "none", "none", format, reduce_range)
    v = (self).product(x, 2, packed, packed_int8, tensors, "none", "none", format, reduce_range)
    if torch.numel(mask) == 0:
      context = (self).attend(q, k, v, heads, None)
    else:
      context = (self).attend(q, k, v, heads, mask)
    attended = torch.layer_norm((self).product_add(context, x, 3, packed, packed_int8, tensors, format, reduce_range), c, tensors[6], tensors[7], attention_eps)
    hidden = (self).product(attended, 4, packed, packed_int8, tensors, attr, algorithm, format, reduce_range)
    return torch.layer_norm((self).product_add(hidden, attended, 5, packed, packed_int8, tensors, format, reduce_range), c, tensors[8], tensors[9], output_eps)
  def product(self: __torch__.Kernels,
    x: Tensor,
    i: int,
    packed: List[Tensor],
    packed_int8: List[__torch__.torch.classes.quantized.LinearPackedParamsBase],
    tensors: List[Tensor],
    attr: str,
    algorithm: str,
    format: int,
    reduce_range: bool) -> Tensor:
    if format == 2:
      return (self).linear_int8(x, tensors[i], packed_int8[i], attr, algorithm, reduce_range)
    if format == 1:
      return (self).linear_bf16(x, tensors[i], packed[i], attr, algorithm)
    return (self).linear(x, tensors[i], packed[i], attr, algorithm)
  def product_add(self: __torch__.Kernels,
    x: Tensor,
    other: Tensor,
    i: int,
    packed: List[Tensor],
    packed_int8: List[__torch__.torch.classes.quantized.LinearPackedParamsBase],
    tensors: List[Tensor],
    format: int,
    reduce_range: bool) -> Tensor:
    if format == 2:
      return (self).linear_add_int8(x, tensors[i], other, packed_int8[i], reduce_range)
    if format == 1:
      return (self).linear_add_bf16(x, tensors[i], other, packed[i])
    return (self).linear_add(x, tensors[i], other, packed[i])
  def input_embeddings(self: __torch__.Kernels,
    ids: Tensor,
    positions: Tensor,
    types: Tensor,
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    norm_weight: Tensor,
    norm_bias: Tensor,
    eps: float) -> Tensor:
    x = torch.embedding(word, ids)
    if torch.numel(positions) == 0:
      x = torch.add(x, torch.slice(position, 0, 0, torch.size(ids, 1)))
    else:
      x = torch.add(x, torch.embedding(position, positions))
    if torch.numel(token_type) != 0:
      if torch.numel(types) == 0:
        x = torch.add(x, torch.select(token_type, 0, 0))
      else:
        x = torch.add(x, torch.embedding(token_type, types))
    return torch.layer_norm(x, [torch.size(x, -1)], norm_weight, norm_bias, eps)
  def extrema(self: __torch__.Kernels,
    tensors: List[Tensor]) -> Tensor:
    values = annotate(List[Tensor], [])
    for t in tensors:
      values.append(torch.min(t))
      values.append(torch.max(t))
    return torch.stack(values)
