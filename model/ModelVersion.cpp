// SPDX-License-Identifier: GPL-3.0-or-later
// Keeps the library non-empty until the document layer lands.
namespace kps::model {
int modelLayerVersion()
{
    return 1;
}
} // namespace kps::model
