// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace lada {

/**
 * A Barnes-Hut quadtree over the points of a 2-D map, rebuilt every t-SNE iteration (van der Maaten 2014,
 * "Accelerating t-SNE using Tree-Based Algorithms", Sec. 4.2). Each cell holds its points' centre of mass,
 * their count and the longest side of their tight bounding box; a cell of at most kLeafSize points is a
 * leaf whose points are visited one by one. Built on one thread; repulsion() may then be called from many.
 */
class QuadTree {
public:
    static constexpr int kLeafSize = 8;

    /** Builds the tree over `n` points `y` (row-major double [n, 2]); the pointer is not kept. */
    QuadTree(const double* y, int64_t n);

    /**
     * The Barnes-Hut repulsion on point `i` at (`yx`, `yy`): adds sum_{j != i} w_ij^2 (y_i - y_j) to
     * `force` (2 doubles) and returns sum_{j != i} w_ij, with the Student-t kernel w_ij = 1 / (1 + |y_i - y_j|^2)
     * (Eq. 5 and 6 of the paper, before the division by Z). A cell is summarised by its centre of mass when
     * (longest side)^2 < theta^2 |y_i - centre|^2, the full-width criterion of scikit-learn; theta = 0 is exact.
     */
    double repulsion(int64_t i, double yx, double yy, double theta, double* force) const;

    int64_t nodeCount() const { return static_cast<int64_t>(m_nodes.size()); }

private:
    struct Node {
        double cx = 0.0, cy = 0.0;     ///< centre of mass
        double side2 = 0.0;            ///< squared longest side of the points' bounding box
        int32_t begin = 0, count = 0;  ///< the points, as a range of m_x / m_y / m_index
        int32_t firstChild = -1;       ///< children are contiguous; -1 = leaf
        int32_t childCount = 0;
    };

    void build(int32_t node, int32_t begin, int32_t end, int depth);

    std::vector<Node> m_nodes;
    std::vector<double> m_x, m_y;     ///< point coordinates in tree order
    std::vector<int32_t> m_index;     ///< row of each point in tree order
    std::vector<uint8_t> m_quadrant;  ///< build scratch: each point's quadrant
    std::vector<double> m_scratchX, m_scratchY;
    std::vector<int32_t> m_scratchIndex;
};

}  // namespace lada
