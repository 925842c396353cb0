"""Russian and English text tools shared by every feature: numbers, shares, typography, cases."""
