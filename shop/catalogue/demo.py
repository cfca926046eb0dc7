"""Demo catalogue: the shop, seven categories, twenty-one products. Safe to re-run.

Pages are found by slug, variants by SKU, body areas by slug; only what is missing is
created. Stock arrives through the stock service (`receive`), once, when a variant is
first created, so re-running never changes a stock figure.

Relief methods belong to the guides app: its demo step runs after this one and links
these products to methods by their titles, so the shop never needs to know about it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from home.demo_images import demo_image
from home.models import BodyArea, HomePage
from shop.inventory import services

from .models import (
    ProductCategoryPage,
    ProductGalleryImage,
    ProductPage,
    ProductPairing,
    ProductSpecification,
    ProductVariant,
    ShopIndexPage,
)

DELIVERY_REFERENCE = "DEMO-OPENING-STOCK"

BODY_AREAS = [
    ("neck", "Neck"),
    ("upper-back", "Upper back"),
    ("lower-back", "Lower back"),
    ("arm-hand", "Arm and hand"),
    ("thigh", "Thigh"),
    ("calf", "Calf"),
    ("foot", "Foot"),
]

CATEGORIES = [
    (
        "massage-mats",
        "Massage mats",
        "Lie back and let hundreds of points or kneading nodes loosen a tight back "
        "and neck.",
        "mat",
        "teal",
    ),
    (
        "foam-rollers",
        "Foam rollers",
        "Roll slowly over a knotted thigh, calf or upper back to ease it out.",
        "cylinder",
        "sky",
    ),
    (
        "massage-balls-and-sticks",
        "Massage balls and sticks",
        "Small tools for precise pressure on a knot in the foot, calf or between the "
        "shoulder blades.",
        "circle",
        "rose",
    ),
    (
        "hot-and-cold-compresses",
        "Hot and cold compresses",
        "Cold for a fresh strain, warmth for a muscle that stays tight: packs that do "
        "both.",
        "pack",
        "sky",
    ),
    (
        "heat-pads-and-wheat-bags",
        "Heat pads and wheat bags",
        "Steady warmth relaxes a cramping muscle and brings blood to it.",
        "pack",
        "clay",
    ),
    (
        "bath-soaks",
        "Bath soaks",
        "Magnesium and Epsom salts for a long, warm bath after a hard day.",
        "jar",
        "sage",
    ),
    (
        "stretching-and-posture-aids",
        "Stretching and posture aids",
        "Straps, bands, mats and cushions for the habits that keep cramps away.",
        "strap",
        "plum",
    ),
]


@dataclass
class VariantSpec:
    sku: str
    name: str
    price: str
    stock: int
    compare_at: str | None = None
    weight_grams: int = 500


@dataclass
class ProductSpec:
    slug: str
    title: str
    category: str
    shape: str
    palettes: tuple[str, ...]
    summary: str
    description: str
    features: list[str]
    specifications: list[tuple[str, str]]
    variants: list[VariantSpec]
    body_areas: list[str]
    care: str = ""
    featured: bool = False
    pairs_with: list[str] = field(default_factory=list)


HEAT_CARE = (
    "<p>Check the temperature on the inside of your wrist before use and keep a "
    "layer of fabric between the pack and your skin. Do not use heat on a fresh "
    "injury, on swollen skin, or where you have reduced feeling (for example with "
    "diabetes). Never fall asleep with it on.</p>"
)
COLD_CARE = (
    "<p>Wrap the pack in a thin cloth and apply for 15 to 20 minutes at a time. "
    "Do not use cold on numb skin or if you have poor circulation in that limb.</p>"
)
MASSAGE_CARE = (
    "<p>Go gently at first and never roll directly over a joint, bone or bruise. "
    "Stop if you feel numbness, tingling or sharp pain, and see a doctor if a "
    "cramp keeps coming back.</p>"
)

PRODUCTS: list[ProductSpec] = [
    ProductSpec(
        slug="acupressure-mat",
        title="Acupressure mat",
        category="massage-mats",
        shape="mat",
        palettes=("teal", "sage"),
        summary="A cotton mat covered in small plastic discs that press on hundreds "
        "of points at once, helping a tense back let go.",
        description="<p>Lie down on the mat for ten to twenty minutes. The first two "
        "minutes feel prickly; after that, most people feel a spreading warmth as "
        "the muscles along the spine relax.</p><p>The matching pillow does the same "
        "for the neck, where spasms often pull towards the back of the skull.</p>",
        features=[
            "Over 6,000 pressure points on 210 discs",
            "Washable organic cotton cover",
            "Roll-up storage bag included",
        ],
        specifications=[
            ("Size", "68 × 42 cm"),
            ("Filling", "Coconut fibre"),
            ("Cover", "Organic cotton, removable"),
        ],
        variants=[
            VariantSpec("MAT-ACU-01", "Mat only", "34.90", 24, weight_grams=700),
            VariantSpec(
                "MAT-ACU-02", "Mat and neck pillow", "44.90", 12, weight_grams=1000
            ),
        ],
        body_areas=["upper-back", "lower-back", "neck"],
        care=MASSAGE_CARE,
        featured=True,
        pairs_with=["shiatsu-neck-pillow", "magnesium-bath-flakes"],
    ),
    ProductSpec(
        slug="heated-shiatsu-back-mat",
        title="Heated shiatsu back mat",
        category="massage-mats",
        shape="mat",
        palettes=("plum", "slate"),
        summary="Kneading nodes and gentle heat for the whole back, from the neck to "
        "the lower spine, with three intensities.",
        description="<p>Rotating nodes travel up and down the back while the heating "
        "pad warms the muscles they work on. Use it on a sofa or chair after long "
        "hours at a desk.</p>",
        features=[
            "Eight rotating shiatsu nodes",
            "Heat you can switch off",
            "Automatic stop after 15 minutes",
        ],
        specifications=[
            ("Power", "36 W, mains adapter"),
            ("Programmes", "3 intensities, 2 zones"),
            ("Weight", "2.9 kg"),
        ],
        variants=[
            VariantSpec(
                "MAT-SHI-01",
                "Standard",
                "129.00",
                3,
                compare_at="149.00",
                weight_grams=2900,
            ),
        ],
        body_areas=["upper-back", "lower-back", "neck"],
        care=HEAT_CARE,
        featured=True,
    ),
    ProductSpec(
        slug="shiatsu-neck-pillow",
        title="Shiatsu neck pillow",
        category="massage-mats",
        shape="circle",
        palettes=("slate", "sand"),
        summary="A horseshoe-shaped pillow with four kneading heads that reach the "
        "muscles running from the neck to the skull.",
        description="<p>Drape it around your neck while sitting, or place it behind "
        "your lower back. The heads change direction every minute so the pressure "
        "never stays on one spot for long.</p>",
        features=[
            "Four kneading heads with optional warmth",
            "Works on the neck, shoulders and lower back",
            "Rechargeable: no cable while you use it",
        ],
        specifications=[
            ("Battery", "About 90 minutes per charge"),
            ("Cover", "Breathable mesh"),
        ],
        variants=[
            VariantSpec("PIL-NEC-GR", "Graphite", "49.90", 9, weight_grams=900),
            VariantSpec("PIL-NEC-SA", "Sand", "49.90", 6, weight_grams=900),
        ],
        body_areas=["neck", "upper-back"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="smooth-foam-roller",
        title="Smooth foam roller",
        category="foam-rollers",
        shape="cylinder",
        palettes=("sky", "teal"),
        summary="An even, medium-density roller: the gentle way to start rolling out "
        "tight thighs, calves and upper back.",
        description="<p>Place the roller under the tight muscle and let your body "
        "weight do the work, rolling slowly. Pause on a tender spot for a few "
        "breaths before moving on.</p><p>The long version also makes a good support "
        "for chest-opening stretches after a day at a desk.</p>",
        features=[
            "Closed-cell foam that keeps its shape",
            "Smooth surface, easy to clean",
            "Three lengths",
        ],
        specifications=[("Diameter", "15 cm"), ("Density", "Medium")],
        variants=[
            VariantSpec("ROL-SMO-30", "30 cm", "19.90", 30, weight_grams=250),
            VariantSpec("ROL-SMO-45", "45 cm", "24.90", 18, weight_grams=350),
            VariantSpec("ROL-SMO-90", "90 cm", "34.90", 7, weight_grams=650),
        ],
        body_areas=["thigh", "calf", "upper-back"],
        care=MASSAGE_CARE,
        featured=True,
        pairs_with=["stretching-strap", "spiky-massage-ball-set"],
    ),
    ProductSpec(
        slug="textured-grid-roller",
        title="Textured grid foam roller",
        category="foam-rollers",
        shape="cylinder",
        palettes=("clay", "sand"),
        summary="Ridges and knobs over a hollow core, for deeper pressure on "
        "stubborn knots after training.",
        description="<p>The grid pattern mimics the flat palm, the fingertips and "
        "the thumb of a massage therapist. Choose firm if you already roll "
        "regularly.</p>",
        features=[
            "Three surface zones",
            "Hollow core: light but does not flatten",
            "Carries up to 250 kg",
        ],
        specifications=[("Length", "33 cm"), ("Diameter", "14 cm")],
        variants=[
            VariantSpec("ROL-GRD-M", "Medium", "29.90", 14, weight_grams=700),
            VariantSpec("ROL-GRD-F", "Firm", "32.90", 11, weight_grams=720),
        ],
        body_areas=["thigh", "calf", "upper-back"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="vibrating-foam-roller",
        title="Vibrating foam roller",
        category="foam-rollers",
        shape="cylinder",
        palettes=("slate", "plum"),
        summary="A firm roller with a built-in motor and four vibration levels to "
        "help a cramped muscle relax faster.",
        description="<p>Vibration adds a quick, shallow movement to the slow pressure "
        "of rolling. Many runners use it on calves and thighs after long "
        "sessions.</p>",
        features=[
            "Four vibration levels",
            "USB-C charging",
            "About three hours per charge",
        ],
        specifications=[("Length", "30 cm"), ("Weight", "1.1 kg")],
        variants=[
            VariantSpec("ROL-VIB-01", "Standard", "89.00", 0, weight_grams=1100),
        ],
        body_areas=["thigh", "calf"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="spiky-massage-ball-set",
        title="Spiky massage ball set",
        category="massage-balls-and-sticks",
        shape="circle",
        palettes=("rose", "sky"),
        summary="Two soft-spiked balls for the arch of the foot, the calf and the "
        "forearm.",
        description="<p>Roll the larger ball under your foot while sitting to ease a "
        "cramping arch. The smaller one fits into the palm and the forearm after "
        "hours of typing.</p>",
        features=["7 cm and 9 cm balls", "Soft PVC spikes", "Latex free"],
        specifications=[("Contents", "2 balls"), ("Firmness", "Soft and medium")],
        variants=[
            VariantSpec("BAL-SPK-2", "Set of 2", "12.90", 40, weight_grams=200),
        ],
        body_areas=["foot", "calf", "arm-hand"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="peanut-massage-ball",
        title="Peanut massage ball",
        category="massage-balls-and-sticks",
        shape="circle",
        palettes=("sage", "teal"),
        summary="Two joined balls that sit either side of the spine, so you can work "
        "the muscles without pressing on the bones.",
        description="<p>Lie on your back with the peanut under your upper back and "
        "gently lift your hips. Move a few centimetres at a time up towards the "
        "base of the neck.</p>",
        features=["Firm rubber", "Gap fits either side of the spine"],
        specifications=[("Size", "16 × 8 cm")],
        variants=[
            VariantSpec("BAL-PNT-01", "Standard", "16.90", 4, weight_grams=300),
        ],
        body_areas=["neck", "upper-back"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="roller-massage-stick",
        title="Roller massage stick",
        category="massage-balls-and-sticks",
        shape="cylinder",
        palettes=("sand", "clay"),
        summary="Handles and a row of free-spinning beads: roll out a calf cramp "
        "without getting down on the floor.",
        description="<p>Hold both handles and roll the stick along the calf or thigh "
        "with light pressure, then a little more. It fits in a sports bag for use "
        "straight after a run.</p>",
        features=["Independent spinning beads", "Non-slip handles"],
        specifications=[("Material", "ABS beads, flexible core")],
        variants=[
            VariantSpec("STK-ROL-45", "45 cm", "22.90", 16, weight_grams=350),
            VariantSpec("STK-ROL-60", "60 cm", "26.90", 9, weight_grams=420),
        ],
        body_areas=["thigh", "calf"],
        care=MASSAGE_CARE,
    ),
    ProductSpec(
        slug="hot-cold-gel-pack",
        title="Reusable hot and cold gel pack",
        category="hot-and-cold-compresses",
        shape="pack",
        palettes=("sky", "rose"),
        summary="Cool it in the freezer for a fresh strain, warm it in hot water for "
        "a muscle that will not relax.",
        description="<p>The gel stays soft when frozen, so the pack follows the shape "
        "of a calf, a shoulder or the lower back. A fleece sleeve is included.</p>",
        features=[
            "Hot or cold",
            "Soft when frozen",
            "Fleece sleeve included",
        ],
        specifications=[("Small", "13 × 15 cm"), ("Large", "20 × 30 cm")],
        variants=[
            VariantSpec("GEL-HC-S", "Small", "9.90", 50, weight_grams=300),
            VariantSpec("GEL-HC-L", "Large", "14.90", 35, weight_grams=550),
            VariantSpec(
                "GEL-HC-3",
                "Set of 3 (2 small, 1 large)",
                "27.90",
                10,
                compare_at="34.70",
                weight_grams=1150,
            ),
        ],
        body_areas=["neck", "upper-back", "lower-back", "thigh", "calf"],
        care=COLD_CARE + HEAT_CARE,
        featured=True,
    ),
    ProductSpec(
        slug="cold-compression-wrap",
        title="Cold compression wrap",
        category="hot-and-cold-compresses",
        shape="strap",
        palettes=("sky", "slate"),
        summary="An elastic wrap with a gel insert that holds cold gently in place "
        "after a strain.",
        description="<p>Cold calms the swelling and soreness of a fresh strain. The "
        "wrap keeps the pack where it is needed while you rest the limb.</p>",
        features=["Adjustable hook-and-loop closure", "Two gel inserts"],
        specifications=[("Insert", "Removable gel pouch")],
        variants=[
            VariantSpec("WRP-CLD-LEG", "Knee and calf", "24.90", 12, weight_grams=400),
            VariantSpec("WRP-CLD-SHO", "Shoulder", "29.90", 8, weight_grams=500),
        ],
        body_areas=["calf", "thigh", "upper-back"],
        care=COLD_CARE,
    ),
    ProductSpec(
        slug="wheat-bag-neck-wrap",
        title="Wheat bag neck wrap",
        category="heat-pads-and-wheat-bags",
        shape="pack",
        palettes=("sand", "plum"),
        summary="A long, weighted wheat bag that drapes over the neck and shoulders "
        "and keeps its warmth for half an hour.",
        description="<p>Warm it in the microwave and lay it across the neck and "
        "shoulders. The moist heat of wheat goes deep into the muscles that tighten "
        "after a day at the screen.</p>",
        features=[
            "Filled with wheat grain",
            "Divided channels stop the filling slipping",
            "Cover washable at 30 °C",
        ],
        specifications=[("Size", "50 × 14 cm"), ("Heating", "Microwave, 90 s")],
        variants=[
            VariantSpec("WHT-NEC-LAV", "Lavender", "21.90", 20, weight_grams=900),
            VariantSpec("WHT-NEC-UNS", "Unscented", "19.90", 15, weight_grams=900),
        ],
        body_areas=["neck", "upper-back"],
        care=HEAT_CARE,
    ),
    ProductSpec(
        slug="electric-heating-pad",
        title="Electric heating pad",
        category="heat-pads-and-wheat-bags",
        shape="pack",
        palettes=("clay", "rose"),
        summary="Soft, even warmth at six settings for the lower back, the thigh or "
        "wherever a muscle has seized up.",
        description="<p>The pad warms in a few minutes and holds its temperature as "
        "long as you need. It switches itself off after ninety minutes.</p>",
        features=[
            "Six heat settings",
            "Automatic switch-off after 90 minutes",
            "Machine-washable cover",
        ],
        specifications=[("Power", "100 W"), ("Cable", "2.5 m")],
        variants=[
            VariantSpec("PAD-ELE-S", "30 × 40 cm", "39.90", 13, weight_grams=700),
            VariantSpec("PAD-ELE-L", "40 × 60 cm", "54.90", 2, weight_grams=1000),
        ],
        body_areas=["lower-back", "upper-back", "thigh"],
        care=HEAT_CARE,
        featured=True,
    ),
    ProductSpec(
        slug="microwavable-lumbar-heat-pack",
        title="Microwavable lumbar heat pack",
        category="heat-pads-and-wheat-bags",
        shape="pack",
        palettes=("rose", "sand"),
        summary="A curved heat pack with a waist belt that keeps warmth on the lower "
        "back while you move around.",
        description="<p>Back spasms often follow long sitting or a sudden twist. "
        "Warmth around the lower spine helps the muscles stop guarding.</p>",
        features=["Adjustable belt", "Flaxseed filling"],
        specifications=[("Fits waists", "70 – 120 cm")],
        variants=[
            VariantSpec("PCK-LUM-01", "Standard", "27.90", 17, weight_grams=800),
        ],
        body_areas=["lower-back"],
        care=HEAT_CARE,
    ),
    ProductSpec(
        slug="magnesium-bath-flakes",
        title="Magnesium bath flakes",
        category="bath-soaks",
        shape="jar",
        palettes=("sage", "teal"),
        summary="Magnesium chloride flakes for a warm evening bath after training "
        "or a long day on your feet.",
        description="<p>Dissolve a few handfuls in a warm bath and soak for twenty "
        "minutes. Warm water relaxes the whole body; the flakes make the bath feel "
        "softer.</p>",
        features=["Pure magnesium chloride", "Unscented", "Resealable pouch"],
        specifications=[("Per bath", "About 250 g")],
        variants=[
            VariantSpec("BTH-MAG-1", "1 kg", "14.90", 28, weight_grams=1050),
            VariantSpec("BTH-MAG-25", "2.5 kg", "29.90", 9, weight_grams=2600),
        ],
        body_areas=["neck", "upper-back", "lower-back", "thigh", "calf", "foot"],
        care="<p>For external use only. Do not bathe in hot water if you feel "
        "faint, are pregnant or have a heart condition without asking your "
        "doctor first.</p>",
        featured=True,
    ),
    ProductSpec(
        slug="epsom-salt-soak",
        title="Epsom salt soak",
        category="bath-soaks",
        shape="jar",
        palettes=("teal", "sky"),
        summary="Coarse Epsom salt (magnesium sulphate) for foot baths and full baths.",
        description="<p>A foot bath with a cup of salt is a good end to a day of "
        "standing. For the whole body, use two cups in a full bath.</p>",
        features=["Coarse grain", "Plain or with eucalyptus oil"],
        specifications=[("Weight", "1 kg")],
        variants=[
            VariantSpec("BTH-EPS-PL", "Unscented", "9.90", 32, weight_grams=1050),
            VariantSpec("BTH-EPS-EU", "Eucalyptus", "11.90", 21, weight_grams=1050),
        ],
        body_areas=["foot", "calf", "lower-back"],
        care="<p>For external use only. Keep out of reach of children.</p>",
    ),
    ProductSpec(
        slug="stretching-strap",
        title="Stretching strap with loops",
        category="stretching-and-posture-aids",
        shape="strap",
        palettes=("teal", "slate"),
        summary="A non-elastic strap with ten loops, so you can hold a calf or "
        "hamstring stretch without straining.",
        description="<p>Loop the strap around the ball of the foot and walk your "
        "hands along the loops to deepen a stretch gradually. Hold for thirty "
        "seconds; never bounce.</p>",
        features=["Ten hand loops", "Printed stretch guide"],
        specifications=[("Length", "2 m"), ("Material", "Cotton webbing")],
        variants=[
            VariantSpec("STR-LOP-TE", "Teal", "14.90", 25, weight_grams=150),
            VariantSpec("STR-LOP-GR", "Graphite", "14.90", 19, weight_grams=150),
        ],
        body_areas=["calf", "thigh", "foot"],
        featured=True,
    ),
    ProductSpec(
        slug="resistance-band-set",
        title="Resistance band set",
        category="stretching-and-posture-aids",
        shape="strap",
        palettes=("clay", "rose"),
        summary="Four latex-free bands from light to heavy for gentle strength work "
        "that helps prevent cramps.",
        description="<p>Stronger muscles tire later, and tired muscles cramp more "
        "often. The bands cover hip, thigh and shoulder exercises at home.</p>",
        features=["Four resistance levels", "Latex-free", "Exercise card"],
        specifications=[("Length", "120 cm each")],
        variants=[
            VariantSpec("BND-RES-4", "Set of 4", "24.90", 22, weight_grams=300),
        ],
        body_areas=["thigh", "arm-hand", "upper-back"],
    ),
    ProductSpec(
        slug="lumbar-support-cushion",
        title="Lumbar support cushion",
        category="stretching-and-posture-aids",
        shape="pack",
        palettes=("slate", "sand"),
        summary="A memory-foam cushion that keeps the curve of the lower back while "
        "you sit.",
        description="<p>Slumping in a chair for hours strains the lower back. The "
        "cushion holds the spine upright with less effort, in the office chair, "
        "on the sofa or in the car.</p>",
        features=["Memory foam", "Strap for chair backs", "Washable cover"],
        specifications=[("Size", "36 × 33 × 12 cm")],
        variants=[
            VariantSpec("CSH-LUM-01", "Standard", "34.90", 14, weight_grams=800),
        ],
        body_areas=["lower-back"],
    ),
    ProductSpec(
        slug="posture-seat-wedge",
        title="Posture seat wedge",
        category="stretching-and-posture-aids",
        shape="mat",
        palettes=("sand", "sage"),
        summary="A gently sloped seat cushion that tilts the pelvis forward so you "
        "sit upright without thinking about it.",
        description="<p>Useful for desk workers who end the day with a stiff lower "
        "back. Combine it with a short walk every half hour.</p>",
        features=["Non-slip base", "Breathable cover"],
        specifications=[("Slope", "7 cm to 2 cm")],
        variants=[
            VariantSpec("CSH-WDG-01", "Standard", "29.90", 11, weight_grams=600),
        ],
        body_areas=["lower-back"],
    ),
    ProductSpec(
        slug="stretch-and-yoga-mat",
        title="Stretch and yoga mat",
        category="stretching-and-posture-aids",
        shape="mat",
        palettes=("sage", "plum"),
        summary="A grippy mat for daily stretching and low-impact exercise at home.",
        description="<p>Regular stretching and core work make cramps less likely. "
        "The thicker mat is kinder to knees and the spine.</p>",
        features=["Non-slip on both sides", "Alignment lines"],
        specifications=[("Size", "183 × 61 cm")],
        variants=[
            VariantSpec("MAT-YOG-4", "4 mm", "29.90", 16, weight_grams=1000),
            VariantSpec("MAT-YOG-6", "6 mm", "34.90", 10, weight_grams=1400),
        ],
        body_areas=["lower-back", "thigh", "calf"],
    ),
]


def ensure_body_areas() -> dict[str, BodyArea]:
    areas = {}
    for order, (slug, name) in enumerate(BODY_AREAS):
        area, _ = BodyArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
        areas[slug] = area
    return areas


def ensure_shop(stdout) -> ShopIndexPage:
    shop = ShopIndexPage.objects.first()
    if shop is not None:
        return shop
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run `manage.py migrate` first.")
    shop = home.add_child(
        instance=ShopIndexPage(
            title="Shop",
            slug="shop",
            intro="Tools that put the relief methods from our guides into practice: "
            "for the neck, the back and the legs.",
        )
    )
    shop.save_revision().publish()
    stdout.write("Shop: created /shop/.")
    return shop


def ensure_categories(shop: ShopIndexPage, stdout) -> dict[str, ProductCategoryPage]:
    categories = {}
    for slug, title, intro, shape, palette in CATEGORIES:
        category = ProductCategoryPage.objects.child_of(shop).filter(slug=slug).first()
        if category is None:
            category = shop.add_child(
                instance=ProductCategoryPage(
                    title=title,
                    slug=slug,
                    intro=intro,
                    image=demo_image(
                        f"Category: {title}", shape=shape, palette=palette
                    ),
                )
            )
            category.save_revision().publish()
            stdout.write(f"Shop: created category {title}.")
        categories[slug] = category
    return categories


def _create_product(spec: ProductSpec, category, areas) -> ProductPage:
    gallery = [
        ProductGalleryImage(
            image=demo_image(
                f"Product: {spec.title} ({number})", shape=spec.shape, palette=palette
            ),
            alt_text=f"{spec.title}, illustration {number}",
            sort_order=number - 1,
        )
        for number, palette in enumerate(spec.palettes, start=1)
    ]
    product = ProductPage(
        title=spec.title,
        slug=spec.slug,
        short_description=spec.summary,
        description=spec.description,
        key_features=[("feature", text) for text in spec.features],
        care_and_safety=spec.care,
        featured=spec.featured,
        gallery_images=gallery,
        specifications=[
            ProductSpecification(label=label, value=value, sort_order=order)
            for order, (label, value) in enumerate(spec.specifications)
        ],
    )
    product.body_areas = [areas[slug] for slug in spec.body_areas]
    category.add_child(instance=product)
    product.save_revision().publish()
    return product


def _ensure_variants(spec: ProductSpec, product: ProductPage) -> int:
    """Create missing variants; stock a newly created one through the service."""
    created = 0
    for order, item in enumerate(spec.variants):
        variant, was_created = ProductVariant.objects.get_or_create(
            sku=item.sku,
            defaults={
                "product": product,
                "name": item.name,
                "price": Decimal(item.price),
                "compare_at_price": Decimal(item.compare_at)
                if item.compare_at
                else None,
                "cost_price": (Decimal(item.price) * Decimal("0.45")).quantize(
                    Decimal("0.01")
                ),
                "weight_grams": item.weight_grams,
                "sort_order": order,
            },
        )
        if was_created:
            created += 1
            if item.stock:
                services.receive(
                    lines={variant.pk: item.stock},
                    reference=DELIVERY_REFERENCE,
                    note="Opening stock of the demo shop",
                )
    return created


def _ensure_pairings(products: dict[str, ProductPage]) -> None:
    for spec in PRODUCTS:
        product = products[spec.slug]
        if not spec.pairs_with or product.pairings.exists():
            continue
        product = product.get_latest_revision_as_object()
        product.pairings = [
            ProductPairing(product=products[slug], sort_order=order)
            for order, slug in enumerate(spec.pairs_with)
        ]
        product.save_revision().publish()


def load(stdout) -> None:
    areas = ensure_body_areas()
    shop = ensure_shop(stdout)
    categories = ensure_categories(shop, stdout)
    products: dict[str, ProductPage] = {}
    new_products = new_variants = 0
    for spec in PRODUCTS:
        category = categories[spec.category]
        product = ProductPage.objects.filter(slug=spec.slug).first()
        if product is None:
            product = _create_product(spec, category, areas)
            new_products += 1
        products[spec.slug] = product
        new_variants += _ensure_variants(spec, product)
    _ensure_pairings(products)
    if new_products or new_variants:
        stdout.write(
            f"Shop: created {new_products} products and {new_variants} variants."
        )
