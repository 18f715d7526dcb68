// SPDX-License-Identifier: MIT
#include "core/embedding/quad_tree.h"

#include <algorithm>
#include <array>

namespace lada {

namespace {
// Beyond this depth the remaining points are (nearly) coincident: they stay one leaf, visited exactly.
constexpr int kMaxDepth = 48;
}  // namespace

QuadTree::QuadTree(const double* y, int64_t n)
{
    m_x.resize(static_cast<size_t>(n));
    m_y.resize(static_cast<size_t>(n));
    m_index.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        m_x[static_cast<size_t>(i)] = y[2 * i];
        m_y[static_cast<size_t>(i)] = y[2 * i + 1];
        m_index[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    }
    // About 2N / kLeafSize cells; reserving avoids most reallocation while building.
    m_nodes.reserve(static_cast<size_t>(n / 2 + 16));
    m_quadrant.resize(static_cast<size_t>(n));
    m_scratchX.resize(static_cast<size_t>(n));
    m_scratchY.resize(static_cast<size_t>(n));
    m_scratchIndex.resize(static_cast<size_t>(n));
    m_nodes.emplace_back();
    build(0, 0, static_cast<int32_t>(n), 0);
    // The scratch rows only serve the build.
    m_quadrant = {};
    m_scratchX = {};
    m_scratchY = {};
    m_scratchIndex = {};
}

void QuadTree::build(int32_t node, int32_t begin, int32_t end, int depth)
{
    double sx = 0.0, sy = 0.0;
    double minX = m_x[static_cast<size_t>(begin)], maxX = minX;
    double minY = m_y[static_cast<size_t>(begin)], maxY = minY;
    for (int32_t k = begin; k < end; ++k) {
        const double x = m_x[static_cast<size_t>(k)], y = m_y[static_cast<size_t>(k)];
        sx += x;
        sy += y;
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, y);
        maxY = std::max(maxY, y);
    }
    const int32_t count = end - begin;
    const double side = std::max(maxX - minX, maxY - minY);
    {
        Node& self = m_nodes[static_cast<size_t>(node)];
        self.cx = sx / count;
        self.cy = sy / count;
        self.side2 = side * side;
        self.begin = begin;
        self.count = count;
    }
    if (count <= kLeafSize || side <= 0.0 || depth >= kMaxDepth)
        return;

    // Split at the middle of the bounding box: quadrant q = (x >= midX) + 2 (y >= midY). A counting pass
    // then one scatter keeps each quadrant's points contiguous, in their previous order (deterministic).
    const double midX = 0.5 * (minX + maxX), midY = 0.5 * (minY + maxY);
    std::array<int32_t, 5> start{};
    uint8_t* quadrant = m_quadrant.data() + begin;
    for (int32_t k = begin; k < end; ++k) {
        const int q = (m_x[static_cast<size_t>(k)] >= midX ? 1 : 0) + (m_y[static_cast<size_t>(k)] >= midY ? 2 : 0);
        quadrant[k - begin] = static_cast<uint8_t>(q);
        ++start[static_cast<size_t>(q) + 1];
    }
    for (size_t q = 1; q < 5; ++q)
        start[q] += start[q - 1];
    // Scatter into the scratch rows [begin, end), then copy back: the recursion below reuses them.
    double* xs = m_scratchX.data() + begin;
    double* ys = m_scratchY.data() + begin;
    int32_t* idx = m_scratchIndex.data() + begin;
    std::array<int32_t, 4> next{start[0], start[1], start[2], start[3]};
    for (int32_t k = begin; k < end; ++k) {
        const int32_t slot = next[quadrant[k - begin]]++;
        xs[slot] = m_x[static_cast<size_t>(k)];
        ys[slot] = m_y[static_cast<size_t>(k)];
        idx[slot] = m_index[static_cast<size_t>(k)];
    }
    std::copy(xs, xs + count, m_x.begin() + begin);
    std::copy(ys, ys + count, m_y.begin() + begin);
    std::copy(idx, idx + count, m_index.begin() + begin);

    // Children are allocated together (contiguous) before any of them recurses.
    int32_t children = 0;
    for (size_t q = 0; q < 4; ++q)
        children += start[q + 1] > start[q] ? 1 : 0;
    const auto first = static_cast<int32_t>(m_nodes.size());
    m_nodes.resize(m_nodes.size() + static_cast<size_t>(children));
    m_nodes[static_cast<size_t>(node)].firstChild = first;
    m_nodes[static_cast<size_t>(node)].childCount = children;
    int32_t child = first;
    for (size_t q = 0; q < 4; ++q)
        if (start[q + 1] > start[q])
            build(child++, begin + start[q], begin + start[q + 1], depth + 1);
}

double QuadTree::repulsion(int64_t i, double yx, double yy, double theta, double* force) const
{
    const double theta2 = theta * theta;
    double z = 0.0, fx = 0.0, fy = 0.0;
    // Depth-first with an explicit stack: at most 3 pending siblings per level.
    std::array<int32_t, 4 * kMaxDepth + 8> stack;
    int top = 0;
    stack[static_cast<size_t>(top++)] = 0;
    while (top > 0) {
        const Node& node = m_nodes[static_cast<size_t>(stack[static_cast<size_t>(--top)])];
        const double dx = yx - node.cx, dy = yy - node.cy;
        const double d2 = dx * dx + dy * dy;
        if (node.firstChild >= 0 && node.side2 < theta2 * d2) {
            // A far cell: all its points at its centre of mass. It cannot hold point i, whose distance to
            // the centre is at most the box's diagonal, sqrt(2) side, below side / theta for theta < 0.7.
            const double w = 1.0 / (1.0 + d2);
            const double mw = node.count * w;
            z += mw;
            fx += mw * w * dx;
            fy += mw * w * dy;
        } else if (node.firstChild < 0) {
            for (int32_t k = node.begin; k < node.begin + node.count; ++k) {
                if (m_index[static_cast<size_t>(k)] == i)
                    continue;
                const double px = yx - m_x[static_cast<size_t>(k)], py = yy - m_y[static_cast<size_t>(k)];
                const double w = 1.0 / (1.0 + px * px + py * py);
                z += w;
                fx += w * w * px;
                fy += w * w * py;
            }
        } else {
            for (int32_t c = 0; c < node.childCount; ++c)
                stack[static_cast<size_t>(top++)] = node.firstChild + c;
        }
    }
    force[0] += fx;
    force[1] += fy;
    return z;
}

}  // namespace lada
