// SPDX-License-Identifier: MIT
#include "ui/widgets/pixel_image_view.h"

#include <QPainter>

namespace lada::ui {

QImage toQImage(const std::vector<uint8_t>& pixels, int channels, int height, int width)
{
    const size_t plane = static_cast<size_t>(height) * static_cast<size_t>(width);
    if (height <= 0 || width <= 0 || pixels.size() < plane * static_cast<size_t>(channels))
        return {};
    if (channels == 1) {
        QImage image(width, height, QImage::Format_Grayscale8);
        for (int y = 0; y < height; ++y)
            std::copy_n(pixels.data() + static_cast<size_t>(y) * width, width, image.scanLine(y));
        return image;
    }
    // Planar CHW to interleaved RGB.
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < 3; ++c)
                line[3 * x + c] = pixels[static_cast<size_t>(c) * plane + static_cast<size_t>(y) * width + x];
    }
    return image;
}

PixelImageView::PixelImageView(QWidget* parent)
    : QWidget(parent)
{
    setMinimumSize(56, 56);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void PixelImageView::setImage(const QImage& image)
{
    m_image = image;
    update();
}

void PixelImageView::setFrameColor(const QColor& color)
{
    m_frame = color;
    update();
}

void PixelImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().window());
    if (!m_image.isNull()) {
        QSize target = m_image.size().scaled(size() - QSize(6, 6), Qt::KeepAspectRatio);
        const QRect where(QPoint((width() - target.width()) / 2, (height() - target.height()) / 2), target);
        // Blocky pixels for small images: smoothing a 28 x 28 digit makes it look blurred, not larger.
        const bool small = m_image.width() < 96 && m_image.height() < 96;
        painter.setRenderHint(QPainter::SmoothPixmapTransform, !small);
        painter.drawImage(where, m_image);
    }
    if (m_frame.isValid()) {
        painter.setPen(QPen(m_frame, 3));
        painter.drawRect(rect().adjusted(1, 1, -2, -2));
    }
}

}  // namespace lada::ui
