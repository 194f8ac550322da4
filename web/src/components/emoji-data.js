// Native emoji for the picker, grouped, each with a few words to search by.
// Format per group: "emoji words, emoji words, ..." — parsed once when the picker loads.
const GROUPS = {
  Smileys: `😀 grin happy, 😃 smile happy, 😄 smile laugh, 😁 beam grin, 😆 laugh squint, 😅 sweat laugh,
    🤣 rofl laugh, 😂 joy tears laugh, 🙂 slight smile, 🙃 upside down, 😉 wink, 😊 blush smile,
    😇 angel halo, 🥰 love hearts, 😍 heart eyes love, 🤩 star struck, 😘 kiss, 😗 kissing, 😚 kiss closed,
    😙 kiss smile, 🥲 smile tear, 😋 yum tasty, 😛 tongue, 😜 wink tongue, 🤪 zany crazy, 😝 squint tongue,
    🤑 money, 🤗 hug, 🤭 giggle oops, 🤫 shush quiet, 🤔 think hmm, 🤐 zip mouth, 🤨 raised eyebrow,
    😐 neutral, 😑 expressionless, 😶 no mouth, 😏 smirk, 😒 unamused, 🙄 eye roll, 😬 grimace,
    😌 relieved, 😔 pensive, 😪 sleepy, 🤤 drool, 😴 sleep zzz, 😷 mask sick, 🤒 fever sick,
    🤕 hurt bandage, 🤢 nausea, 🤮 vomit, 🤧 sneeze, 🥵 hot, 🥶 cold freezing, 🥴 woozy, 😵 dizzy,
    🤯 mind blown, 🤠 cowboy, 🥳 party, 🥸 disguise, 😎 cool sunglasses, 🤓 nerd, 🧐 monocle,
    😕 confused, 😟 worried, 🙁 frown, 😮 wow open mouth, 😯 hushed, 😲 astonished, 😳 flushed,
    🥺 pleading puppy, 😦 frown open, 😧 anguished, 😨 fearful, 😰 anxious sweat, 😥 sad relieved,
    😢 cry sad, 😭 sob cry, 😱 scream, 😖 confounded, 😣 persevere, 😞 disappointed, 😓 downcast sweat,
    😩 weary, 😫 tired, 🥱 yawn, 😤 triumph huff, 😡 angry pout, 😠 angry, 🤬 swear cursing,
    😈 devil smile, 👿 imp angry, 💀 skull dead, 💩 poop, 🤡 clown, 👻 ghost, 👽 alien, 🤖 robot,
    😺 cat smile, 😸 cat grin, 😹 cat joy, 😻 cat heart eyes, 🙈 see no evil monkey,
    🙉 hear no evil monkey, 🙊 speak no evil monkey`,
  People: `👋 wave hello, 🤚 raised back hand, ✋ hand stop, 🖖 vulcan, 👌 ok, 🤌 pinched fingers,
    🤏 pinch small, ✌️ victory peace, 🤞 fingers crossed luck, 🤟 love you, 🤘 rock horns, 🤙 call me,
    👈 point left, 👉 point right, 👆 point up, 👇 point down, ☝️ index up, 👍 thumbs up yes like,
    👎 thumbs down no, ✊ fist, 👊 punch, 🤛 left fist, 🤜 right fist, 👏 clap applause, 🙌 raise hands,
    👐 open hands, 🤲 palms up, 🤝 handshake deal, 🙏 pray please thanks, ✍️ write, 💅 nails,
    💪 muscle strong, 🦾 mechanical arm, 👀 eyes look, 👁️ eye, 👅 tongue, 👄 lips mouth, 🫶 heart hands,
    👶 baby, 🧒 child, 👦 boy, 👧 girl, 🧑 person, 👱 blond, 👨 man, 🧔 beard, 👩 woman, 🧓 older person,
    👴 old man, 👵 old woman, 🙍 frowning person, 🙎 pouting person, 🙅 no gesture, 🙆 ok gesture,
    💁 tipping hand, 🙋 raising hand, 🧏 deaf, 🙇 bow, 🤦 facepalm, 🤷 shrug, 🧑‍💻 technologist coder,
    🧑‍🎤 singer, 🧑‍🍳 cook, 🧑‍🎨 artist, 🕺 dance man, 💃 dance woman, 👯 party dancers, 🧘 yoga,
    🏃 run, 🚶 walk, 💑 couple heart, 💏 kiss couple, 👪 family, 🗣️ speaking, 👤 silhouette`,
  Hearts: `❤️ red heart love, 🧡 orange heart, 💛 yellow heart, 💚 green heart, 💙 blue heart,
    💜 purple heart, 🖤 black heart, 🤍 white heart, 🤎 brown heart, 💔 broken heart, ❣️ heart exclamation,
    💕 two hearts, 💞 revolving hearts, 💓 beating heart, 💗 growing heart, 💖 sparkling heart,
    💘 heart arrow cupid, 💝 heart ribbon gift, 💟 heart decoration, ❤️‍🔥 heart on fire, 💋 kiss mark,
    💯 hundred, 💢 anger, 💥 boom collision, 💫 dizzy star, 💦 sweat drops, 💨 dash, 💬 speech bubble,
    💭 thought bubble, 💤 zzz sleep`,
  Animals: `🐶 dog, 🐱 cat, 🐭 mouse, 🐹 hamster, 🐰 rabbit bunny, 🦊 fox, 🐻 bear, 🐼 panda,
    🐨 koala, 🐯 tiger, 🦁 lion, 🐮 cow, 🐷 pig, 🐸 frog, 🐵 monkey, 🐔 chicken, 🐧 penguin, 🐦 bird,
    🐤 chick, 🦆 duck, 🦅 eagle, 🦉 owl, 🦇 bat, 🐺 wolf, 🐗 boar, 🐴 horse, 🦄 unicorn, 🐝 bee,
    🐛 bug, 🦋 butterfly, 🐌 snail, 🐞 ladybug, 🐢 turtle, 🐍 snake, 🦎 lizard, 🐙 octopus, 🦑 squid,
    🦀 crab, 🐠 tropical fish, 🐟 fish, 🐬 dolphin, 🐳 whale, 🦈 shark, 🐊 crocodile, 🐘 elephant,
    🦒 giraffe, 🐪 camel, 🐕 dog, 🐈 cat, 🐾 paw prints, 🌵 cactus, 🎄 christmas tree, 🌲 evergreen,
    🌳 tree, 🌴 palm tree, 🌱 seedling, 🌿 herb, 🍀 four leaf clover luck, 🍁 maple leaf, 🍂 fallen leaf,
    🌷 tulip, 🌹 rose, 🥀 wilted flower, 🌺 hibiscus, 🌸 cherry blossom, 🌼 blossom, 🌻 sunflower`,
  Food: `🍏 green apple, 🍎 apple, 🍐 pear, 🍊 orange, 🍋 lemon, 🍌 banana, 🍉 watermelon, 🍇 grapes,
    🍓 strawberry, 🫐 blueberries, 🍒 cherries, 🍑 peach, 🥭 mango, 🍍 pineapple, 🥥 coconut, 🥝 kiwi,
    🍅 tomato, 🍆 eggplant, 🥑 avocado, 🥦 broccoli, 🌶️ hot pepper, 🌽 corn, 🥕 carrot, 🥔 potato,
    🥐 croissant, 🍞 bread, 🧀 cheese, 🥚 egg, 🍳 cooking, 🥞 pancakes, 🥓 bacon, 🍔 burger,
    🍟 fries, 🍕 pizza, 🌭 hot dog, 🥪 sandwich, 🌮 taco, 🌯 burrito, 🍝 spaghetti, 🍜 ramen noodles,
    🍣 sushi, 🍱 bento, 🍚 rice, 🍦 ice cream, 🍩 donut, 🍪 cookie, 🎂 birthday cake, 🍰 cake,
    🧁 cupcake, 🍫 chocolate, 🍬 candy, 🍭 lollipop, 🍿 popcorn, ☕ coffee, 🍵 tea, 🧋 bubble tea,
    🥤 soda cup, 🍺 beer, 🍻 cheers beers, 🥂 champagne toast, 🍷 wine, 🥃 whisky, 🍸 cocktail,
    🍹 tropical drink, 🍾 bottle popping`,
  Activities: `⚽ soccer football, 🏀 basketball, 🏈 american football, ⚾ baseball, 🎾 tennis,
    🏐 volleyball, 🎱 8 ball pool, 🏓 ping pong, 🏸 badminton, 🥊 boxing, 🥋 martial arts, ⛳ golf,
    ⛸️ ice skate, 🎿 ski, 🏂 snowboard, 🏋️ weight lifting, 🚴 cycling, 🏊 swim, 🏄 surf, 🏆 trophy,
    🥇 gold medal first, 🥈 silver medal, 🥉 bronze medal, 🎯 bullseye target, 🎮 video game,
    🕹️ joystick, 🎲 dice, ♟️ chess, 🧩 puzzle, 🎨 art palette, 🎭 theatre, 🎤 microphone karaoke,
    🎧 headphones, 🎼 music score, 🎹 piano, 🥁 drum, 🎷 saxophone, 🎺 trumpet, 🎸 guitar, 🎻 violin,
    🎬 clapper movie, 🎉 party popper tada, 🎊 confetti, 🎈 balloon, 🎁 gift present, 🎀 ribbon,
    🎃 pumpkin halloween, 🎆 fireworks, ✨ sparkles`,
  Travel: `🚗 car, 🚕 taxi, 🚙 suv, 🚌 bus, 🏎️ race car, 🚓 police car, 🚑 ambulance, 🚒 fire engine,
    🚚 truck, 🚜 tractor, 🛵 scooter, 🚲 bicycle, 🛴 kick scooter, 🚂 train, 🚇 metro, ✈️ airplane,
    🚀 rocket, 🛸 ufo, 🚁 helicopter, ⛵ sailboat, 🚢 ship, ⚓ anchor, 🗺️ map, 🧭 compass, 🏔️ mountain snow,
    🌋 volcano, 🏕️ camping, 🏖️ beach, 🏝️ island, 🏠 house home, 🏢 office, 🏰 castle, 🗼 tower,
    🗽 liberty, 🎡 ferris wheel, 🎢 roller coaster, 🌃 night city, 🌅 sunrise, 🌇 sunset, 🌈 rainbow,
    ☀️ sun, 🌤️ sun cloud, ☁️ cloud, 🌧️ rain, ⛈️ storm, ❄️ snowflake, ☃️ snowman, 🔥 fire lit hot,
    💧 droplet, 🌊 wave ocean, 🌙 moon, ⭐ star, 🌟 glowing star, 🌍 earth globe`,
  Objects: `⌚ watch, 📱 phone mobile, 💻 laptop, ⌨️ keyboard, 🖥️ desktop computer, 🖨️ printer,
    🖱️ mouse computer, 💾 floppy save, 📷 camera photo, 📸 camera flash, 📹 video camera, 🎥 movie camera,
    📺 tv, 📻 radio, 🎙️ studio microphone, ⏰ alarm clock, ⌛ hourglass, 💡 light bulb idea, 🔦 flashlight,
    🕯️ candle, 💸 money wings, 💵 dollar, 💰 money bag, 💳 credit card, 💎 gem diamond, 🔧 wrench,
    🔨 hammer, 🛠️ tools, ⚙️ gear, 🔫 water pistol, 💣 bomb, 🔪 knife, 🛡️ shield, 🔮 crystal ball,
    💊 pill, 💉 syringe, 🧸 teddy bear, 🔑 key, 🚪 door, 🛏️ bed, 🛋️ couch, 🚿 shower, 🛁 bathtub,
    🧻 toilet paper, 🧼 soap, 🛒 cart, 📦 package, 📫 mailbox, ✉️ envelope, 📝 memo note, 📅 calendar,
    📌 pushpin, 📎 paperclip, ✂️ scissors, 🔒 lock, 🔓 unlock, 📚 books, 📖 book open, 🔍 search magnify,
    🔔 bell, 🔕 bell off mute, 📣 megaphone, 💬 chat`,
  Symbols: `✅ check yes done, ☑️ ballot check, ✔️ check mark, ❌ cross no, ❎ cross box, ➕ plus,
    ➖ minus, ➗ divide, ✖️ multiply, ❓ question, ❔ white question, ❗ exclamation, ‼️ double exclamation,
    ⁉️ interrobang, ⚠️ warning, 🚫 prohibited, ⛔ no entry, 🔞 no under 18, 📵 no phones, 🔇 muted speaker,
    🔊 loud speaker, ♻️ recycle, 🆗 ok button, 🆕 new, 🆒 cool button, 🆓 free, 🆙 up, 🔝 top,
    🔴 red circle, 🟠 orange circle, 🟡 yellow circle, 🟢 green circle, 🔵 blue circle, 🟣 purple circle,
    ⚫ black circle, ⚪ white circle, 🟥 red square, 🟩 green square, 🟦 blue square, ▶️ play, ⏸️ pause,
    ⏹️ stop, ⏺️ record, ⏩ fast forward, ⏪ rewind, 🔀 shuffle, 🔁 repeat, ➡️ right arrow, ⬅️ left arrow,
    ⬆️ up arrow, ⬇️ down arrow, ↩️ return, 🔃 reload, ♾️ infinity, 💲 dollar sign, ©️ copyright,
    ®️ registered, ™️ trademark, #️⃣ hash, 🔢 numbers, 💠 diamond dot, 🔰 beginner, ⚜️ fleur de lis,
    ☮️ peace, ☯️ yin yang, ♈ aries, ♉ taurus, ♊ gemini, ♋ cancer, ♌ leo, ♍ virgo, ♎ libra,
    ♏ scorpio, ♐ sagittarius, ♑ capricorn, ♒ aquarius, ♓ pisces, 🏳️‍🌈 rainbow flag pride,
    🏳️‍⚧️ transgender flag, 🏴‍☠️ pirate flag, 🏁 checkered flag, 🚩 red flag`,
};

export const EMOJI_GROUPS = Object.entries(GROUPS).map(([name, text]) => ({
  name,
  items: text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const space = part.indexOf(' ');
      return space < 0
        ? { emoji: part, words: '' }
        : { emoji: part.slice(0, space), words: part.slice(space + 1).toLowerCase() };
    }),
}));

export function searchEmoji(query, limit = 80) {
  const q = String(query || '').trim().toLowerCase();
  if (!q) return [];
  const out = [];
  for (const group of EMOJI_GROUPS) {
    for (const item of group.items) {
      if (item.words.includes(q)) out.push(item);
      if (out.length >= limit) return out;
    }
  }
  return out;
}
