"""The words of the demo guides, relief methods, causes and body areas.

Written for Unknot from the facts in ../shared/DOMAIN.md; no sentence is copied from
the seed pages. Kept apart from guides/demo.py so the loader stays readable.
"""

BODY_AREAS = [
    ("neck", "Neck"),
    ("upper-back", "Upper back"),
    ("lower-back", "Lower back"),
    ("arm-hand", "Arm and hand"),
    ("thigh", "Thigh"),
    ("calf", "Calf"),
    ("foot", "Foot"),
]

CAUSES = [
    {
        "slug": "dehydration",
        "name": "Dehydration",
        "summary": (
            "Muscles need water and salt to contract and relax smoothly. Hot days, "
            "long training sessions and illnesses that drain fluid (vomiting, "
            "diarrhoea, fever) leave too little of both, and the legs usually cramp "
            "first."
        ),
        "red_flag": (
            "Confusion, a racing heart, fainting or almost no urine alongside cramps "
            "point to serious dehydration: get medical help the same day."
        ),
    },
    {
        "slug": "electrolyte-imbalance",
        "name": "Electrolyte imbalance",
        "summary": (
            "Magnesium, potassium, calcium and sodium carry the signals that tell a "
            "muscle to tighten and let go. When one runs low, for example after heavy "
            "sweating or with some medicines, muscles twitch and cramp more easily."
        ),
        "red_flag": (
            "Ask a doctor for a blood test if cramps come with palpitations, "
            "tingling around the mouth or unusual weakness."
        ),
    },
    {
        "slug": "overuse-and-fatigue",
        "name": "Overuse and fatigue",
        "summary": (
            "The most common reason of all: a muscle asked to work too hard or too "
            "long runs out of steam and locks up. High-intensity sessions and "
            "training in the heat make it more likely."
        ),
        "red_flag": (
            "Dark, cola-coloured urine after a very hard session, with swollen, "
            "painful muscles, needs urgent medical attention."
        ),
    },
    {
        "slug": "poor-recovery",
        "name": "Too little stretching and recovery",
        "summary": (
            "Muscles that are never lengthened after work stay short and tense. "
            "Skipping cool-downs, rest days and sleep makes the next cramp more "
            "likely."
        ),
        "red_flag": "",
    },
    {
        "slug": "posture-and-sitting",
        "name": "Poor posture and long sitting",
        "summary": (
            "Hours at a desk, on a production line or in a car hold the same "
            "muscles in one position. The back and neck stiffen and can spasm when "
            "you finally move; a twisted sleeping position does the same overnight."
        ),
        "red_flag": (
            "Back pain with numbness between the legs, or trouble passing urine, is "
            "an emergency."
        ),
    },
    {
        "slug": "stress",
        "name": "Stress",
        "summary": (
            "Worry keeps shoulders, jaw and neck braced for hours. That constant low "
            "tension tires the muscles and can tip over into knots and spasms."
        ),
        "red_flag": (
            "If stress is affecting your sleep, appetite or mood for weeks, talk to "
            "your doctor; help is available."
        ),
    },
    {
        "slug": "poor-circulation",
        "name": "Poor circulation",
        "summary": (
            "Muscles starved of blood run short of oxygen. Narrowed arteries cause "
            "calf pain when walking; weak veins in the legs (chronic venous disease) "
            "bring heavy, tired, swollen legs and cramps at night."
        ),
        "red_flag": (
            "See a doctor for leg pain that starts when you walk and stops when you "
            "rest, or for swelling, redness or skin changes in one leg."
        ),
    },
    {
        "slug": "nerve-compression",
        "name": "Nerve compression",
        "summary": (
            "A pinched nerve in the neck can send pain shooting into the arm and "
            "hand; one in the lower back can do the same down a leg and get worse "
            "the further you walk."
        ),
        "red_flag": (
            "Numbness, pins and needles or weakness in an arm or leg needs a "
            "doctor's examination."
        ),
    },
    {
        "slug": "injury-and-strain",
        "name": "Injury and strain",
        "summary": (
            "After a strain, sprain or damage to a spinal disc or ligament, nearby "
            "muscles clamp down to stop you moving the injured part. The spasm is "
            "protective, but painful."
        ),
        "red_flag": (
            "Back spasms after a fall or accident, or with fever or weight loss, "
            "should be checked by a doctor."
        ),
    },
    {
        "slug": "neurological-conditions",
        "name": "Neurological conditions",
        "summary": (
            "In multiple sclerosis, Parkinson's disease, ALS, spinal cord injury and "
            "dystonia (including torticollis, where the neck twists to one side), "
            "spasms come from the nervous system rather than the muscle itself."
        ),
        "red_flag": (
            "New spasms together with weakness, changes in speech, balance or "
            "vision need prompt medical assessment."
        ),
    },
    {
        "slug": "systemic-conditions",
        "name": "Diabetes, anaemia and narrowed arteries",
        "summary": (
            "Conditions that affect the whole body can make muscles cramp: diabetes "
            "through nerve and blood-vessel changes, anaemia through too little "
            "oxygen in the blood, and atherosclerosis by narrowing the arteries."
        ),
        "red_flag": (
            "If you live with one of these conditions and cramps become more "
            "frequent, tell the doctor who looks after it."
        ),
    },
    {
        "slug": "pregnancy",
        "name": "Pregnancy",
        "summary": (
            "Calf and foot cramps are common in the second half of pregnancy, "
            "mostly at night. Nobody knows exactly why; extra weight and changes in "
            "circulation are the usual suspects."
        ),
        "red_flag": (
            "In pregnancy, a swollen, warm or red calf can be a blood clot: call "
            "your midwife or doctor straight away."
        ),
    },
]

CONTRIBUTORS = [
    {
        "name": "Lena Hartmann",
        "job_title": "Physiotherapist (MSc)",
        "bio": (
            "Demo profile. Lena treats runners, office workers and everyone in "
            "between, and writes most of our guides."
        ),
    },
    {
        "name": "Dr Tomás Reyes",
        "job_title": "General practitioner",
        "bio": "Demo profile. Tomás reviews our guides for medical accuracy.",
    },
    {
        "name": "Dr Aoife Byrne",
        "job_title": "Sports medicine physician",
        "bio": "Demo profile. Aoife reviews our exercise and recovery content.",
    },
]

# Relief methods. `products` lists (title keyword, why-this-product note); the demo
# links every live product whose title contains a keyword, in this order.
RELIEF_METHODS = [
    {
        "slug": "stretching",
        "title": "Stretching",
        "image": ("strap", "teal"),
        "minutes": 5,
        "teaser": (
            "Lengthen the cramping muscle slowly and hold it there: the quickest way "
            "to make most cramps let go."
        ),
        "steps": [
            (
                "Stop and find a stable position",
                "Sit or stand where you cannot fall. Stop the activity that "
                "triggered the cramp.",
            ),
            (
                "Lengthen the tight muscle",
                "Move the joint so the cramping muscle gets longer: for a calf, pull "
                "the toes towards your shin; for a thigh, bend the knee and bring the "
                "heel towards your bottom.",
            ),
            (
                "Hold for 30 seconds",
                "Keep a steady, gentle pull. Breathe out slowly. Do not bounce.",
            ),
            (
                "Release and repeat",
                "Let go gently and repeat two or three times until the muscle feels "
                "soft again.",
            ),
        ],
        "when": (
            "<p>Stretching helps with almost every ordinary cramp, in the calf, "
            "thigh, foot or back, and works best as soon as the cramp starts. A "
            "short routine before bed also makes night cramps less frequent.</p>"
        ),
        "cautions": (
            "<p>Stretch to tension, never to sharp pain. Go gently after an injury "
            "and skip stretching a muscle that is torn or badly bruised.</p>"
        ),
        "causes": [
            "overuse-and-fatigue",
            "poor-recovery",
            "posture-and-sitting",
            "pregnancy",
        ],
        "areas": ["calf", "thigh", "foot", "lower-back", "neck"],
        "products": [
            ("stretching strap", "Loops round the foot so you can stretch from bed."),
            ("yoga mat", "A soft, non-slip base for floor stretches."),
        ],
    },
    {
        "slug": "self-massage",
        "title": "Self-massage with a roller or ball",
        "image": ("cylinder", "clay"),
        "minutes": 10,
        "teaser": (
            "Press and roll the knot with your hands, a foam roller or a massage "
            "ball to bring blood back into a tight muscle."
        ),
        "steps": [
            (
                "Warm up the area",
                "Stroke the muscle with your hands for a minute to warm it.",
            ),
            (
                "Find the knot",
                "Place the roller or ball under the tight spot and let your body "
                "weight rest on it gradually.",
            ),
            (
                "Roll slowly",
                "Move about two centimetres a second across the muscle for one to "
                "two minutes. Pause on tender points and breathe.",
            ),
            (
                "Finish with a stretch",
                "Stretch the same muscle for 30 seconds to lock in the looser feeling.",
            ),
        ],
        "when": (
            "<p>Good for knots in the calves, thighs and upper back after training "
            "or long sitting, and for recovery days. A small ball reaches between "
            "the shoulder blades and under the foot.</p>"
        ),
        "cautions": (
            "<p>Never roll directly over the spine, the back of the knee, a bruise, "
            "a varicose vein or a swollen calf. Choose a softer roller if you bruise "
            "easily or take blood thinners.</p>"
        ),
        "causes": ["overuse-and-fatigue", "poor-recovery", "stress"],
        "areas": ["calf", "thigh", "upper-back", "foot"],
        "products": [
            (
                "smooth foam roller",
                "Your body weight does the work on big leg muscles.",
            ),
            ("spiky massage ball", "Its spikes reach knots under the foot and calf."),
            ("peanut massage ball", "Two balls straddle the spine to reach beside it."),
            ("massage stick", "Roll your calves from a chair, no floor needed."),
            ("foam roller", "Firmer ridges for muscles used to rolling."),
        ],
    },
    {
        "slug": "massage-mat",
        "title": "Lying on a massage mat",
        "image": ("mat", "plum"),
        "minutes": 15,
        "teaser": (
            "An acupressure or shiatsu mat relaxes the back and neck while you do "
            "nothing but lie still and breathe."
        ),
        "steps": [
            (
                "Start with a layer",
                "For the first sessions, lie on the mat wearing a thin T-shirt.",
            ),
            (
                "Lie down slowly",
                "Lower your back onto the mat so your weight spreads evenly. Put a "
                "pillow under your knees.",
            ),
            (
                "Stay for 10 to 20 minutes",
                "Breathe slowly. The prickling turns into warmth after a few minutes.",
            ),
            (
                "Get up by rolling to one side",
                "Roll onto your side and push yourself up with your arms.",
            ),
        ],
        "when": (
            "<p>Helps with a back or neck that is tight from desk work or stress, "
            "and as a wind-down before sleep.</p>"
        ),
        "cautions": (
            "<p>Not on broken skin. Ask your doctor first if you are pregnant, have "
            "a skin or blood-clotting condition, or use a heated mat with reduced "
            "feeling in the skin.</p>"
        ),
        "causes": ["stress", "posture-and-sitting"],
        "areas": ["upper-back", "lower-back", "neck"],
        "products": [
            ("acupressure", "Thousands of small points relax a tense back."),
            ("shiatsu back", "Kneading nodes and gentle heat while you rest."),
            ("neck pillow", "Supports and kneads a stiff neck."),
        ],
    },
    {
        "slug": "warm-compress",
        "title": "Warm compress",
        "image": ("pack", "sand"),
        "minutes": 20,
        "teaser": (
            "Heat relaxes a spasming muscle and brings blood into it. A warm pack on "
            "a stiff back or neck is one of the oldest remedies there is."
        ),
        "steps": [
            (
                "Heat the pack",
                "Warm a heat pack or wheat bag as its label says, or switch on a "
                "heating pad at a low setting.",
            ),
            (
                "Check the temperature",
                "Test it on your inner wrist: it should feel pleasantly warm, not hot.",
            ),
            (
                "Apply for 15 to 20 minutes",
                "Put a thin cloth between the pack and your skin and rest.",
            ),
            (
                "Move gently afterwards",
                "Follow with slow movement or a stretch while the muscle is warm.",
            ),
        ],
        "when": (
            "<p>For stiffness and spasms in the back, neck and shoulders, period or "
            "stress tension, and cramps that are not from a fresh injury.</p>"
        ),
        "cautions": (
            "<p>Not on a fresh injury with swelling (use cold for the first two "
            "days), never while asleep, and take care if you have diabetes or "
            "reduced feeling in the skin: burns happen easily.</p>"
        ),
        "causes": ["stress", "posture-and-sitting", "overuse-and-fatigue"],
        "areas": ["lower-back", "upper-back", "neck", "thigh"],
        "products": [
            ("heat pack", "Shaped for the lower back; heats in the microwave."),
            ("heating pad", "Steady warmth for as long as you need it."),
            ("wheat bag", "Moist, gentle heat that drapes over the neck."),
            ("hot and cold", "Warm it for stiffness, or freeze it for a strain."),
        ],
    },
    {
        "slug": "cold-compress",
        "title": "Cold compress",
        "image": ("pack", "sky"),
        "minutes": 15,
        "teaser": (
            "Cold calms pain and swelling after a strain. It is the first choice in "
            "the first day or two after a muscle injury."
        ),
        "steps": [
            (
                "Chill the pack",
                "Keep a gel pack in the freezer, or wrap ice in a damp tea towel.",
            ),
            (
                "Wrap it",
                "Never put ice straight on the skin; use a thin cloth.",
            ),
            (
                "Apply for up to 15 minutes",
                "Rest the limb, raised if you can.",
            ),
            (
                "Repeat every two to three hours",
                "Let the skin warm up fully between rounds.",
            ),
        ],
        "when": (
            "<p>After a strain, sprain or knock, when the muscle is swollen or "
            "bruised, and for spasms that follow an injury.</p>"
        ),
        "cautions": (
            "<p>Stop if the skin turns white or numb. Avoid cold if you have poor "
            "circulation, Raynaud's phenomenon or reduced feeling in the skin.</p>"
        ),
        "causes": ["injury-and-strain", "overuse-and-fatigue"],
        "areas": ["calf", "thigh", "lower-back", "arm-hand"],
        "products": [
            ("hot and cold", "Stays flexible when frozen, so it wraps the muscle."),
            ("cold compression", "Holds cold against a strained muscle hands-free."),
        ],
    },
    {
        "slug": "warm-bath",
        "title": "Warm bath",
        "image": ("jar", "rose"),
        "minutes": 20,
        "teaser": (
            "Warm water relaxes every muscle at once. Add magnesium or Epsom salts "
            "if you enjoy them."
        ),
        "steps": [
            (
                "Run the bath warm, not hot",
                "Around 37 to 39 °C feels warm without making you light-headed.",
            ),
            (
                "Add salts if you like",
                "Dissolve a handful of bath salts as the tub fills.",
            ),
            (
                "Soak for 15 to 20 minutes",
                "Gently bend and stretch the tight muscles under water.",
            ),
            (
                "Drink a glass of water",
                "Warm water makes you sweat; replace the fluid.",
            ),
        ],
        "when": (
            "<p>For whole-body tension, sore muscles after a long day or a hard "
            "session, and as part of a bedtime routine against night cramps.</p>"
        ),
        "cautions": (
            "<p>Keep it short and not too hot if you have heart or blood pressure "
            "problems or are pregnant. Get out slowly to avoid dizziness.</p>"
        ),
        "causes": ["stress", "overuse-and-fatigue", "poor-recovery"],
        "areas": ["lower-back", "upper-back", "calf", "thigh"],
        "products": [
            ("bath flakes", "Magnesium flakes for a relaxing soak."),
            ("epsom", "A classic soak for tired muscles and feet."),
        ],
    },
    {
        "slug": "hydration-and-electrolytes",
        "title": "Hydration and electrolytes",
        "image": ("circle", "sky"),
        "minutes": None,
        "teaser": (
            "Water plus salts before, during and after exercise or heat: the simplest "
            "way to prevent cramps caused by dehydration."
        ),
        "steps": [
            (
                "Start hydrated",
                "Drink a large glass of water in the two hours before exercise or a "
                "hot day outside.",
            ),
            (
                "Sip during activity",
                "Take a few mouthfuls every 15 to 20 minutes, more in the heat.",
            ),
            (
                "Add salts for long or sweaty sessions",
                "After about an hour, or when you sweat a lot, drink something that "
                "contains sodium and potassium.",
            ),
            (
                "Check your urine",
                "Pale yellow means you are drinking enough; dark yellow means drink "
                "more.",
            ),
        ],
        "when": (
            "<p>Prevents cramps from heavy sweating, hot weather, long training and "
            "illness with fluid loss. It will not stop a cramp already under way; "
            "stretch for that.</p>"
        ),
        "cautions": (
            "<p>If you have kidney or heart disease or were told to limit fluids or "
            "salt, follow your doctor's advice instead.</p>"
        ),
        "causes": ["dehydration", "electrolyte-imbalance", "overuse-and-fatigue"],
        "areas": ["calf", "thigh", "foot"],
        "products": [
            ("electrolyte", "Replaces the salts you lose when you sweat."),
        ],
        "no_products": (
            "Water does most of the work. A pinch of salt and a banana after a "
            "sweaty session cover most people's needs."
        ),
    },
    {
        "slug": "posture-and-movement",
        "title": "Posture and movement breaks",
        "image": ("waves", "slate"),
        "minutes": 3,
        "teaser": (
            "Set up your desk and your bed so muscles are not held in one position "
            "for hours, and get up regularly."
        ),
        "steps": [
            (
                "Set the screen at eye level",
                "Your head should sit over your shoulders, not in front of them.",
            ),
            (
                "Support your lower back",
                "Sit back in the chair with your feet flat; a cushion can fill the "
                "gap behind your lower back.",
            ),
            (
                "Move every 30 to 45 minutes",
                "Stand up, roll your shoulders and walk for a minute or two.",
            ),
            (
                "Check your sleeping position",
                "A pillow that keeps your neck in line with your spine prevents "
                "morning stiffness.",
            ),
        ],
        "when": (
            "<p>Prevents back and neck spasms in desk workers, drivers and anyone "
            "who stands in one place at work.</p>"
        ),
        "cautions": (
            "<p>If changing position does not ease the pain within a few weeks, "
            "have it checked.</p>"
        ),
        "causes": ["posture-and-sitting", "stress"],
        "areas": ["lower-back", "upper-back", "neck"],
        "products": [
            ("lumbar support", "Fills the gap behind your lower back when you sit."),
            ("posture", "Tilts the pelvis so you sit upright without effort."),
        ],
    },
    {
        "slug": "walking-it-off",
        "title": "Walking it off",
        "image": ("waves", "sage"),
        "minutes": 2,
        "teaser": (
            "Get up and put weight on the cramping leg. Walking stretches the calf "
            "and gets the blood moving."
        ),
        "steps": [
            (
                "Stand up carefully",
                "Hold on to the bed or a wall: a cramping leg may not take your "
                "weight straight away.",
            ),
            (
                "Press the heel down",
                "Put the foot flat on the floor and lean forward slightly to stretch "
                "the calf.",
            ),
            (
                "Walk slowly for a minute or two",
                "Walk around the room, then jiggle and shake the leg.",
            ),
        ],
        "when": (
            "<p>For calf and foot cramps that wake you at night or strike after long "
            "sitting.</p>"
        ),
        "cautions": (
            "<p>Take care not to fall in the dark. If walking itself brings on calf "
            "pain that stops when you rest, see a doctor: that can be a circulation "
            "problem.</p>"
        ),
        "causes": ["poor-circulation", "posture-and-sitting", "pregnancy"],
        "areas": ["calf", "foot"],
        "products": [],
        "no_products": (
            "Walking it off needs nothing but your own two feet. Keep slippers by "
            "the bed and a path to the door clear, and you are ready."
        ),
    },
    {
        "slug": "prevention-exercise",
        "title": "Prevention: low-impact exercise and core strength",
        "image": ("strap", "sage"),
        "minutes": 30,
        "teaser": (
            "Regular gentle cardio, a stronger core and daily stretching keep "
            "muscles supple and blood flowing, so cramps come less often."
        ),
        "steps": [
            (
                "Pick a low-impact activity",
                "Cycling, walking or swimming three times a week; an exercise bike "
                "or cross-trainer works indoors.",
            ),
            (
                "Add two core sessions a week",
                "Planks, bridges and bird-dogs strengthen the muscles that hold your "
                "spine like a natural corset.",
            ),
            (
                "Stretch every day",
                "Five minutes for calves, thighs, hips and back, ideally in the "
                "evening.",
            ),
            (
                "Build up slowly",
                "Increase time or effort by no more than a tenth a week.",
            ),
        ],
        "when": (
            "<p>For anyone with recurring cramps or back spasms, once a doctor has "
            "ruled out a cause that needs treatment.</p>"
        ),
        "cautions": (
            "<p>Start gently after an injury, in pregnancy or with a heart "
            "condition, and ask your doctor or a physiotherapist what suits you.</p>"
        ),
        "causes": ["overuse-and-fatigue", "poor-recovery", "posture-and-sitting"],
        "areas": ["lower-back", "upper-back", "thigh", "calf"],
        "products": [
            ("resistance band", "Adds load to core and hip exercises at home."),
            ("yoga mat", "Cushions the floor for core work and stretching."),
        ],
    },
]


# Guides. Block shortcuts: ("p", ...), ("h", ...), ("symptoms", {area: [..]}),
# ("red_flag", urgency, title, [signs], advice), ("qa", question, asker, answer),
# ("callout", kind, title, html), ("how_to", heading, [(title, text)]),
# ("method", slug), ("products", heading, [method slugs]), ("related", [slugs]).
GUIDES = [
    {
        "slug": "dehydration-and-electrolytes",
        "title": "Dehydration, electrolytes and cramping muscles",
        "teaser": (
            "Why too little water and salt makes muscles seize, who is most at risk, "
            "and how to drink your way out of it."
        ),
        "image": ("waves", "sky"),
        "days_ago": 8,
        "causes": ["dehydration", "electrolyte-imbalance"],
        "areas": ["calf", "thigh", "foot"],
        "methods": ["hydration-and-electrolytes", "stretching", "warm-bath"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "A muscle only contracts and relaxes properly when the fluid around "
                "its fibres holds the right mix of water and minerals. Sodium, "
                "potassium, magnesium and calcium carry the electrical signals that "
                "switch a muscle on and, just as importantly, off again.",
                "Lose too much of either and the switch sticks. The muscle tightens "
                "on its own, often in the legs, and stays tight until you stretch it.",
            ),
            ("h", "Who runs short"),
            (
                "p",
                "Anyone sweating heavily: runners and cyclists on hot days, people "
                "working outdoors in summer, and anyone training hard for more than "
                "an hour. Illness that drains fluid, such as vomiting, diarrhoea or "
                "fever, does the same, and so do some water tablets (diuretics).",
            ),
            (
                "symptoms",
                {
                    "calf": ["a hard, visible lump", "toes curl or point on their own"],
                    "thigh": ["sudden tightening at the front or back of the thigh"],
                    "foot": ["the arch cramps and the toes clench"],
                },
            ),
            (
                "callout",
                "tip",
                "The urine check",
                "<p>Pale straw-coloured urine means you are drinking enough. Dark "
                "yellow, or hardly any at all, means drink now.</p>",
            ),
            ("method", "hydration-and-electrolytes"),
            (
                "red_flag",
                "doctor",
                "See a doctor the same day if…",
                [
                    "you feel confused, faint or your heart races",
                    "you have passed little or no urine for eight hours",
                    "cramps continue after you have rehydrated and rested",
                ],
                "Severe dehydration needs more than a drink; it may need a drip.",
            ),
            (
                "qa",
                "Do I need sports drinks, or is water enough?",
                "Anonymous customer",
                "<p>For an hour of moderate exercise, water is enough. For longer "
                "sessions, heavy sweating or hot weather, add salts: an electrolyte "
                "drink, or water with a salty snack. Drinking large amounts of plain "
                "water alone over many hours can dilute the sodium in your blood, "
                "which is dangerous in its own right.</p>",
            ),
            ("related", ["cramps-after-exercise-and-heat", "night-leg-cramps"]),
        ],
        "sources": [
            ("NHS: Dehydration", "https://www.nhs.uk/conditions/dehydration/"),
            ("MedlinePlus: Muscle cramps", "https://medlineplus.gov/musclecramps.html"),
        ],
    },
    {
        "slug": "night-leg-cramps",
        "title": "Night leg cramps: why calves seize up in bed",
        "teaser": (
            "A calf that locks at 3 a.m. is painful but usually harmless. Here is "
            "what sets it off, how to stop it fast and how to sleep through."
        ),
        "image": ("waves", "plum"),
        "days_ago": 2,
        "causes": ["poor-recovery", "poor-circulation", "posture-and-sitting"],
        "areas": ["calf", "foot"],
        "methods": [
            "stretching",
            "walking-it-off",
            "self-massage",
            "warm-bath",
            "warm-compress",
        ],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "Night cramps usually hit the calf or the sole of the foot. You wake "
                "with the muscle rock hard and the toes pointing, and the pain can "
                "last from a few seconds to several minutes. The muscle may stay "
                "sore the next day.",
            ),
            ("h", "Why it happens at night"),
            (
                "p",
                "Lying with the feet pointed, under a heavy duvet, shortens the calf "
                "for hours. Add a day of long sitting or standing on hard floors, a "
                "hard workout, or muscles that are never stretched, and the calf is "
                "primed to cramp. Poor circulation in the legs and some medicines "
                "make it more likely, and it becomes more common with age.",
            ),
            (
                "how_to",
                "Stop a night cramp in under a minute",
                [
                    (
                        "Straighten the leg",
                        "Sit up and straighten the knee of the cramping leg.",
                    ),
                    (
                        "Pull the toes up",
                        "Grab your toes or loop a towel round the foot and pull "
                        "towards you.",
                    ),
                    (
                        "Stand on it",
                        "If it does not ease, stand and press the heel into the "
                        "floor, then walk a few steps.",
                    ),
                    (
                        "Rub and warm",
                        "Massage the calf firmly and apply warmth once the cramp "
                        "has passed.",
                    ),
                ],
            ),
            ("method", "stretching"),
            (
                "callout",
                "info",
                "Keep the feet free",
                "<p>Loosen the bedclothes at the foot of the bed, or sleep on your "
                "side, so your toes are not pushed into a point all night.</p>",
            ),
            (
                "red_flag",
                "doctor",
                "See a doctor if…",
                [
                    "cramps wake you most nights for several weeks",
                    "the calf is swollen, red, warm or tender between cramps",
                    "your legs ache when you walk and recover when you rest",
                    "cramps come with numbness or weakness",
                ],
                "",
            ),
            (
                "qa",
                "Why do my calves only cramp at night, never during the day?",
                "Anonymous customer",
                "<p>At night the calf spends hours short and still, which it never "
                "does while you walk around. A two-minute calf stretch before bed "
                "and keeping your feet from pointing under the covers help most "
                "people.</p>",
            ),
            ("products", "For the bedside", ["stretching", "self-massage"]),
            (
                "related",
                ["circulation-and-heavy-legs", "dehydration-and-electrolytes"],
            ),
        ],
        "sources": [
            ("NHS: Leg cramps", "https://www.nhs.uk/conditions/leg-cramps/"),
            ("MedlinePlus: Muscle cramps", "https://medlineplus.gov/musclecramps.html"),
        ],
    },
    {
        "slug": "back-spasms-from-sitting",
        "title": "Back spasms from long sitting and poor posture",
        "teaser": (
            "Desk days, long drives and bad sleeping positions leave back muscles "
            "tired and tense. How to ease a spasm and keep it from coming back."
        ),
        "image": ("waves", "slate"),
        "days_ago": 15,
        "causes": ["posture-and-sitting", "injury-and-strain", "stress"],
        "areas": ["lower-back", "upper-back"],
        "methods": [
            "warm-compress",
            "posture-and-movement",
            "massage-mat",
            "prevention-exercise",
        ],
        "reviewer": "Dr Aoife Byrne",
        "blocks": [
            (
                "p",
                "The long muscles on either side of the spine keep you upright all "
                "day. Hold them in one position for hours, hunched over a screen, "
                "on a production line or behind the wheel, and they tire. Then one "
                "awkward movement, like reaching into the back seat, sets off a "
                "spasm that can stop you in your tracks.",
                "A spasm can also be the body protecting an injured disc, joint or "
                "ligament: the muscles clamp down so you cannot move the damaged "
                "part. That is why the pain often comes with real stiffness.",
            ),
            (
                "symptoms",
                {
                    "lower-back": [
                        "a band of tight, hard muscle beside the spine",
                        "pain that comes in waves of seconds to minutes",
                        "bending forward or standing up straight is hard",
                    ],
                    "upper-back": [
                        "a knot between the shoulder blades",
                        "stiffness when turning the trunk",
                    ],
                },
            ),
            ("method", "warm-compress"),
            ("method", "posture-and-movement"),
            (
                "red_flag",
                "emergency",
                "Call emergency services if…",
                [
                    "you have numbness around the genitals or buttocks",
                    "you cannot pass urine or control your bladder or bowels",
                    "both legs feel weak or numb",
                ],
                "These signs can mean nerves at the base of the spine are squeezed.",
            ),
            (
                "red_flag",
                "doctor",
                "See a doctor if…",
                [
                    "the spasm follows a fall or accident",
                    "you also have a fever or are losing weight without trying",
                    "pain is no better after two weeks of gentle movement",
                ],
                "",
            ),
            (
                "qa",
                "Should I rest in bed until my back spasm passes?",
                "A reader",
                "<p>A day of taking it easy is fine, but long bed rest slows "
                "recovery. Gentle walking, warmth and changing position often keep "
                "the muscles from locking up again.</p>",
            ),
            (
                "related",
                ["stress-and-muscle-tension", "neck-spasms-and-pinched-nerves"],
            ),
        ],
        "sources": [
            ("NHS: Back pain", "https://www.nhs.uk/conditions/back-pain/"),
            ("NHS: Sciatica", "https://www.nhs.uk/conditions/sciatica/"),
        ],
    },
    {
        "slug": "neck-spasms-and-pinched-nerves",
        "title": "Neck spasms and pinched nerves",
        "teaser": (
            "A stiff, spasming neck is usually a tired muscle. Pain shooting into "
            "the arm is a sign that a nerve is involved."
        ),
        "image": ("waves", "teal"),
        "days_ago": 22,
        "causes": ["posture-and-sitting", "nerve-compression", "stress"],
        "areas": ["neck", "upper-back", "arm-hand"],
        "methods": ["warm-compress", "massage-mat", "posture-and-movement"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "Neck spasms grip the muscles that run from the base of the skull "
                "down to the shoulder blades. Some of them run diagonally from the "
                "neck bones up to the skull, which is why a spasm can feel like it "
                "climbs into the back of the head.",
            ),
            ("h", "Muscle or nerve?"),
            (
                "p",
                "A tired or strained muscle hurts where it is and makes turning the "
                "head hard. When a nerve leaving the spine in the neck is pressed, "
                "for example by a worn disc, pain can shoot down the arm into the "
                "hand, often with tingling or pins and needles.",
            ),
            (
                "symptoms",
                {
                    "neck": [
                        "you cannot turn your head fully to one side",
                        "a tender, ropey band of muscle",
                    ],
                    "arm-hand": [
                        "sharp or burning pain running down the arm",
                        "tingling or numbness in the fingers",
                    ],
                },
            ),
            ("method", "warm-compress"),
            (
                "red_flag",
                "emergency",
                "Call emergency services if…",
                [
                    "neck pain comes with chest pain or tightness",
                    "you have a severe headache with a stiff neck and fever",
                    "the neck was injured in a fall or collision",
                ],
                "",
            ),
            (
                "red_flag",
                "doctor",
                "See a doctor if…",
                [
                    "your arm or hand is weak, numb or clumsy",
                    "pain spreads into both arms",
                    "your neck twists or pulls to one side on its own",
                ],
                "A neck that keeps turning to one side (torticollis) needs a "
                "specialist's assessment.",
            ),
            (
                "qa",
                "I woke up with a stiff neck. Heat or cold?",
                "Anonymous customer",
                "<p>For a stiff neck without an injury, heat usually feels better: "
                "it relaxes the muscle. Use cold only after a knock or strain in "
                "the first day or two.</p>",
            ),
            ("related", ["back-spasms-from-sitting", "stress-and-muscle-tension"]),
        ],
        "sources": [
            ("NHS: Neck pain", "https://www.nhs.uk/conditions/neck-pain/"),
        ],
    },
    {
        "slug": "cramps-after-exercise-and-heat",
        "title": "Cramps during and after exercise, and in the heat",
        "teaser": (
            "Hard sessions, hot days and muscles pushed past their limit: the most "
            "common cramps of all, and the easiest to prevent."
        ),
        "image": ("waves", "clay"),
        "days_ago": 30,
        "causes": ["overuse-and-fatigue", "dehydration", "poor-recovery"],
        "areas": ["calf", "thigh", "foot"],
        "methods": [
            "stretching",
            "hydration-and-electrolytes",
            "self-massage",
            "cold-compress",
        ],
        "reviewer": "Dr Aoife Byrne",
        "blocks": [
            (
                "p",
                "Most exercise cramps come from tired muscles. Near the end of a "
                "long run, a match or a high-intensity session, the signals that "
                "control a muscle get out of balance and it locks up. Heat adds to "
                "the strain, and so do heavy sweating and skipped warm-ups.",
            ),
            (
                "symptoms",
                {
                    "calf": ["sudden, hard cramp, often near the end of a session"],
                    "thigh": ["hamstring or quadriceps seizes mid-stride"],
                },
            ),
            (
                "how_to",
                "Cramp mid-session? Do this",
                [
                    ("Stop", "Stop moving the cramping muscle immediately."),
                    (
                        "Stretch gently",
                        "Lengthen it and hold for 30 seconds, two or three times.",
                    ),
                    (
                        "Drink and cool down",
                        "Drink water with salts and get into the shade.",
                    ),
                ],
            ),
            ("method", "stretching"),
            ("method", "hydration-and-electrolytes"),
            (
                "red_flag",
                "emergency",
                "Get urgent help if…",
                [
                    "you feel confused, stop sweating or feel very hot in the heat",
                    "urine is dark brown after an extremely hard session",
                    "muscles are very swollen and painful to touch hours later",
                ],
                "These can be heat stroke or muscle breakdown, both emergencies.",
            ),
            (
                "qa",
                "What causes my cramps, and what should I do when one starts?",
                "Anonymous customer",
                "<p>For sporty people the usual suspects are fatigue, heat, sweat "
                "loss and too little stretching. When one starts: stop, stretch "
                "and hold, massage the muscle with your hands or a roller, then "
                "walk it off and rehydrate. Warmth or a warm bath helps later.</p>",
            ),
            ("related", ["dehydration-and-electrolytes", "night-leg-cramps"]),
        ],
        "sources": [
            ("MedlinePlus: Muscle cramps", "https://medlineplus.gov/musclecramps.html"),
            (
                "NHS: Heat exhaustion and heatstroke",
                "https://www.nhs.uk/conditions/heat-exhaustion-heatstroke/",
            ),
        ],
    },
    {
        "slug": "stress-and-muscle-tension",
        "title": "Stress and muscle tension",
        "teaser": (
            "When the mind is braced, so are the shoulders, jaw and neck. How "
            "stress turns into knots, and how to let go."
        ),
        "image": ("waves", "rose"),
        "days_ago": 40,
        "causes": ["stress", "posture-and-sitting"],
        "areas": ["neck", "upper-back", "lower-back"],
        "methods": ["massage-mat", "warm-bath", "warm-compress", "self-massage"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "Stress prepares the body to act, and part of that is tightening "
                "muscles. When the stress never ends, neither does the tension: "
                "shoulders creep up, the jaw clenches and the neck stiffens, until "
                "tired muscles knot or spasm.",
            ),
            (
                "symptoms",
                {
                    "neck": ["tension headaches starting at the base of the skull"],
                    "upper-back": ["knots between or on top of the shoulder blades"],
                    "lower-back": ["a dull ache that worsens through the day"],
                },
            ),
            (
                "callout",
                "tip",
                "Breathe out longer than you breathe in",
                "<p>Four counts in, six counts out, for two minutes. A long "
                "out-breath signals the body to relax, and the muscles follow.</p>",
            ),
            ("method", "massage-mat"),
            (
                "red_flag",
                "emergency",
                "Call emergency services if…",
                ["you feel chest pain or tightness, even if you think it is stress"],
                "Chest pain can come from a spasm of the heart's own arteries.",
            ),
            (
                "red_flag",
                "doctor",
                "Talk to a doctor if…",
                [
                    "stress has affected your sleep or mood for weeks",
                    "tension headaches come most days",
                ],
                "",
            ),
            (
                "qa",
                "Can stress really cause muscle spasms?",
                "A reader",
                "<p>Yes. Constant tension tires muscles in the same way hard work "
                "does. Managing stress, moving regularly and warmth or massage to "
                "loosen the muscles all help.</p>",
            ),
            ("products", "Unwind", ["massage-mat", "warm-bath"]),
            ("related", ["neck-spasms-and-pinched-nerves", "back-spasms-from-sitting"]),
        ],
        "sources": [
            (
                "NHS: Stress",
                "https://www.nhs.uk/mental-health/feelings-symptoms-behaviours/"
                "feelings-and-symptoms/stress/",
            ),
        ],
    },
    {
        "slug": "circulation-and-heavy-legs",
        "title": "Poor circulation, heavy legs and cramps",
        "teaser": (
            "Tired, swollen legs and cramps at night can come from veins that drain "
            "slowly; calf pain when walking can mean narrowed arteries."
        ),
        "image": ("waves", "sage"),
        "days_ago": 50,
        "causes": ["poor-circulation", "systemic-conditions"],
        "areas": ["calf", "thigh", "foot"],
        "methods": ["walking-it-off", "prevention-exercise", "stretching"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "Muscles cramp when they lack oxygen. In chronic venous disease the "
                "veins in the legs return blood too slowly; fluid seeps into the "
                "tissue and the legs feel heavy, tired, itchy and swollen, with "
                "cramps at night and sometimes varicose veins.",
                "Narrowed arteries (atherosclerosis) starve muscles in a different "
                "way: the calf hurts after a certain distance of walking and "
                "recovers after a rest. Doctors call this claudication.",
            ),
            (
                "symptoms",
                {
                    "calf": [
                        "aching or cramping that comes on with walking",
                        "heaviness and swelling by the evening",
                    ],
                    "foot": ["cold feet, or skin colour changes"],
                },
            ),
            ("method", "prevention-exercise"),
            (
                "callout",
                "info",
                "Medicines are for your doctor to decide",
                "<p>There are medicines for venous disease and for narrowed "
                "arteries. We sell none of them; a doctor can tell you whether one "
                "suits you.</p>",
            ),
            (
                "red_flag",
                "doctor",
                "See a doctor if…",
                [
                    "one leg is suddenly swollen, warm, red or painful",
                    "your calf hurts every time you walk a certain distance",
                    "there are sores on the lower leg that do not heal",
                    "your foot is cold, pale or blue",
                ],
                "A swollen, painful calf can be a blood clot: do not massage it, "
                "get it checked the same day.",
            ),
            (
                "qa",
                "My legs feel heavy and cramp at night. Is it my veins?",
                "Anonymous customer",
                "<p>It can be. Heavy, tired legs that swell towards evening and "
                "cramp at night are typical of veins that drain slowly. Walking, "
                "raising your legs and avoiding long sitting help; a doctor can "
                "check your circulation.</p>",
            ),
            ("related", ["night-leg-cramps", "when-spasms-signal-something-else"]),
        ],
        "sources": [
            ("NHS: Varicose veins", "https://www.nhs.uk/conditions/varicose-veins/"),
            (
                "NHS: Peripheral arterial disease",
                "https://www.nhs.uk/conditions/peripheral-arterial-disease-pad/",
            ),
        ],
    },
    {
        "slug": "cramps-in-pregnancy",
        "title": "Leg cramps in pregnancy",
        "teaser": (
            "Calf cramps at night are common in the second half of pregnancy. What "
            "helps, and the one sign that needs a call to your midwife."
        ),
        "image": ("waves", "sand"),
        "days_ago": 60,
        "causes": ["pregnancy", "poor-circulation"],
        "areas": ["calf", "foot"],
        "methods": ["stretching", "walking-it-off", "hydration-and-electrolytes"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "Many pregnant women are woken by a cramping calf or foot, mostly "
                "from the middle of pregnancy on. The exact cause is still unknown. "
                "The growing weight the legs carry and changes in circulation are "
                "likely to play a part.",
            ),
            ("method", "stretching"),
            (
                "callout",
                "tip",
                "Before bed",
                "<p>Stretch both calves for a minute each, drink a glass of water "
                "during the evening and keep the bedclothes loose at your feet.</p>",
            ),
            (
                "red_flag",
                "emergency",
                "Call your midwife or doctor now if…",
                [
                    "one calf is swollen, warm, red or painful",
                    "you are short of breath or have chest pain",
                ],
                "These can be signs of a blood clot, which is more likely in "
                "pregnancy.",
            ),
            (
                "qa",
                "Is it safe to massage my calves while pregnant?",
                "A reader",
                "<p>Gentle massage of an ordinary cramp is fine. Do not massage a "
                "calf that is swollen, warm or red; call your midwife instead.</p>",
            ),
            ("products", "Gentle helpers", ["stretching"]),
            ("related", ["night-leg-cramps", "circulation-and-heavy-legs"]),
        ],
        "sources": [
            (
                "NHS: Leg cramps in pregnancy",
                "https://www.nhs.uk/pregnancy/related-conditions/common-symptoms/"
                "leg-cramps/",
            ),
        ],
    },
    {
        "slug": "when-spasms-signal-something-else",
        "title": "When spasms are a sign of something else",
        "teaser": (
            "Most cramps are harmless. Some spasms come from the nerves, the brain "
            "or the whole body, and need a doctor rather than a stretch."
        ),
        "image": ("waves", "slate"),
        "days_ago": 75,
        "causes": [
            "neurological-conditions",
            "systemic-conditions",
            "nerve-compression",
        ],
        "areas": ["neck", "arm-hand", "thigh", "calf"],
        "methods": ["stretching", "warm-compress"],
        "reviewer": "Dr Tomás Reyes",
        "blocks": [
            (
                "p",
                "In multiple sclerosis, Parkinson's disease, ALS, after a spinal "
                "cord injury and in dystonia, muscles spasm because the nerve "
                "signals controlling them are disturbed. Torticollis, a form of "
                "dystonia, pulls the neck round to one side.",
                "Diabetes, anaemia and narrowed arteries can also make cramps more "
                "frequent, by affecting nerves or the oxygen reaching muscles. And a "
                "pinched nerve in the lower back can cause leg cramps that get worse "
                "the further you walk.",
            ),
            (
                "symptoms",
                {
                    "neck": ["the head turns or tilts on its own"],
                    "arm-hand": ["twitching, stiffness or clumsiness"],
                    "calf": ["spasms with weakness or numbness in the leg"],
                },
            ),
            (
                "red_flag",
                "emergency",
                "Call emergency services if…",
                [
                    "you have chest pain or tightness",
                    "your face droops, your speech slurs or an arm goes weak",
                ],
                "",
            ),
            (
                "red_flag",
                "doctor",
                "See a doctor soon if…",
                [
                    "spasms come with weakness, numbness or balance problems",
                    "muscles twitch constantly or keep getting weaker",
                    "cramps are frequent, severe and do not ease with stretching",
                ],
                "Treatment aims at the cause, so an accurate diagnosis matters.",
            ),
            (
                "callout",
                "info",
                "Treatments you may hear about",
                "<p>Muscle relaxants, pain relief, physiotherapy and, for some "
                "conditions, injections. Some clinics also offer acupuncture. These "
                "are for your doctor to discuss with you; we sell no medicine.</p>",
            ),
            (
                "qa",
                "How do I know whether my cramps are something serious?",
                "Anonymous customer",
                "<p>Ordinary cramps come and go, ease with stretching and leave "
                "nothing behind. Cramps that keep returning, are unusually severe, "
                "or come with weakness, numbness, swelling or other symptoms are "
                "worth a doctor's visit.</p>",
            ),
            (
                "related",
                ["neck-spasms-and-pinched-nerves", "circulation-and-heavy-legs"],
            ),
        ],
        "sources": [
            (
                "NHS: Multiple sclerosis",
                "https://www.nhs.uk/conditions/multiple-sclerosis/",
            ),
            ("NHS: Dystonia", "https://www.nhs.uk/conditions/dystonia/"),
        ],
    },
]

STARTER_GUIDES = [
    "night-leg-cramps",
    "back-spasms-from-sitting",
    "cramps-after-exercise-and-heat",
    "neck-spasms-and-pinched-nerves",
]
STARTER_METHODS = ["stretching", "self-massage", "warm-compress", "massage-mat"]
